using System.Text.Json;
using Hull.Spec.Json;

namespace Hull.Spec;

/// <summary>CPU limits and cpuset of a cgroup.</summary>
public sealed class LinuxCpu : IJsonExtensible
{
    public static readonly ObjectCodec<LinuxCpu> Codec = new ObjectCodec<LinuxCpu>()
        .Add("shares", JsonScalars.UInt64, x => x.Shares, (x, v) => x.Shares = v)
        .Add("quota", JsonScalars.Int64, x => x.Quota, (x, v) => x.Quota = v)
        .Add("burst", JsonScalars.UInt64, x => x.Burst, (x, v) => x.Burst = v)
        .Add("period", JsonScalars.UInt64, x => x.Period, (x, v) => x.Period = v)
        .Add("realtimeRuntime", JsonScalars.Int64, x => x.RealtimeRuntime, (x, v) => x.RealtimeRuntime = v)
        .Add("realtimePeriod", JsonScalars.UInt64, x => x.RealtimePeriod, (x, v) => x.RealtimePeriod = v)
        .Add("cpus", JsonScalars.String, x => x.Cpus, (x, v) => x.Cpus = v)
        .Add("mems", JsonScalars.String, x => x.Mems, (x, v) => x.Mems = v)
        .Add("idle", JsonScalars.Int64, x => x.Idle, (x, v) => x.Idle = v);

    /// <summary>Relative weight (cgroup v1 shares).</summary>
    public ulong? Shares { get; set; }

    /// <summary>CPU time allowed per period, in microseconds (-1 means unlimited).</summary>
    public long? Quota { get; set; }

    /// <summary>Extra accumulated CPU time allowed per period, in microseconds.</summary>
    public ulong? Burst { get; set; }

    /// <summary>Period for the quota, in microseconds.</summary>
    public ulong? Period { get; set; }

    /// <summary>Realtime CPU time per period, in microseconds.</summary>
    public long? RealtimeRuntime { get; set; }

    /// <summary>Realtime period, in microseconds.</summary>
    public ulong? RealtimePeriod { get; set; }

    /// <summary>CPUs of the cpuset, e.g. <c>0-3,7</c>.</summary>
    public string? Cpus { get; set; }

    /// <summary>Memory nodes of the cpuset.</summary>
    public string? Mems { get; set; }

    /// <summary>1 makes the cgroup SCHED_IDLE.</summary>
    public long? Idle { get; set; }

    /// <summary>Fields this version does not know, kept so that they survive a load and save.</summary>
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
