using System.Text.Json;
using Hull.Spec.Json;

namespace Hull.Spec;

/// <summary>Memory limits of a cgroup, in bytes (-1 means unlimited).</summary>
public sealed class LinuxMemory : IJsonExtensible
{
    public static readonly ObjectCodec<LinuxMemory> Codec = new ObjectCodec<LinuxMemory>()
        .Add("limit", JsonScalars.Int64, x => x.Limit, (x, v) => x.Limit = v)
        .Add("reservation", JsonScalars.Int64, x => x.Reservation, (x, v) => x.Reservation = v)
        .Add("swap", JsonScalars.Int64, x => x.Swap, (x, v) => x.Swap = v)
        .Add("kernel", JsonScalars.Int64, x => x.Kernel, (x, v) => x.Kernel = v)
        .Add("kernelTCP", JsonScalars.Int64, x => x.KernelTcp, (x, v) => x.KernelTcp = v)
        .Add("swappiness", JsonScalars.UInt64, x => x.Swappiness, (x, v) => x.Swappiness = v)
        .Add("disableOOMKiller", JsonScalars.Boolean, x => x.DisableOomKiller, (x, v) => x.DisableOomKiller = v)
        .Add("useHierarchy", JsonScalars.Boolean, x => x.UseHierarchy, (x, v) => x.UseHierarchy = v)
        .Add("checkBeforeUpdate", JsonScalars.Boolean, x => x.CheckBeforeUpdate, (x, v) => x.CheckBeforeUpdate = v);

    /// <summary>Memory limit.</summary>
    public long? Limit { get; set; }

    /// <summary>Soft limit.</summary>
    public long? Reservation { get; set; }

    /// <summary>Memory plus swap limit.</summary>
    public long? Swap { get; set; }

    /// <summary>Deprecated kernel memory limit.</summary>
    public long? Kernel { get; set; }

    /// <summary>Kernel TCP buffer limit.</summary>
    public long? KernelTcp { get; set; }

    /// <summary>Swappiness (0-100).</summary>
    public ulong? Swappiness { get; set; }

    /// <summary>Disables the OOM killer.</summary>
    public bool? DisableOomKiller { get; set; }

    /// <summary>Enables hierarchical accounting (cgroup v1).</summary>
    public bool? UseHierarchy { get; set; }

    /// <summary>Rejects an update that sets the limit below current usage.</summary>
    public bool? CheckBeforeUpdate { get; set; }

    /// <summary>Fields this version does not know, kept so that they survive a load and save.</summary>
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
