using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hull.Spec;

/// <summary>Memory limits of a cgroup, in bytes (-1 means unlimited).</summary>
public sealed class LinuxMemory
{
    /// <summary>Memory limit.</summary>
    [JsonPropertyName("limit")]
    public long? Limit { get; set; }

    /// <summary>Soft limit.</summary>
    [JsonPropertyName("reservation")]
    public long? Reservation { get; set; }

    /// <summary>Memory plus swap limit.</summary>
    [JsonPropertyName("swap")]
    public long? Swap { get; set; }

    /// <summary>Deprecated kernel memory limit.</summary>
    [JsonPropertyName("kernel")]
    public long? Kernel { get; set; }

    /// <summary>Kernel TCP buffer limit.</summary>
    [JsonPropertyName("kernelTCP")]
    public long? KernelTcp { get; set; }

    /// <summary>Swappiness (0-100).</summary>
    [JsonPropertyName("swappiness")]
    public ulong? Swappiness { get; set; }

    /// <summary>Disables the OOM killer.</summary>
    [JsonPropertyName("disableOOMKiller")]
    public bool? DisableOomKiller { get; set; }

    /// <summary>Enables hierarchical accounting (cgroup v1).</summary>
    [JsonPropertyName("useHierarchy")]
    public bool? UseHierarchy { get; set; }

    /// <summary>Rejects an update that sets the limit below current usage.</summary>
    [JsonPropertyName("checkBeforeUpdate")]
    public bool? CheckBeforeUpdate { get; set; }

    /// <summary>Fields this version does not know, kept so that they survive a load and save.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
