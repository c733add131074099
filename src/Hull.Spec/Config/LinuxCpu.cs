using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hull.Spec;

/// <summary>CPU limits and cpuset of a cgroup.</summary>
public sealed class LinuxCpu
{
    /// <summary>Relative weight (cgroup v1 shares).</summary>
    [JsonPropertyName("shares")]
    public ulong? Shares { get; set; }

    /// <summary>CPU time allowed per period, in microseconds (-1 means unlimited).</summary>
    [JsonPropertyName("quota")]
    public long? Quota { get; set; }

    /// <summary>Extra accumulated CPU time allowed per period, in microseconds.</summary>
    [JsonPropertyName("burst")]
    public ulong? Burst { get; set; }

    /// <summary>Period for the quota, in microseconds.</summary>
    [JsonPropertyName("period")]
    public ulong? Period { get; set; }

    /// <summary>Realtime CPU time per period, in microseconds.</summary>
    [JsonPropertyName("realtimeRuntime")]
    public long? RealtimeRuntime { get; set; }

    /// <summary>Realtime period, in microseconds.</summary>
    [JsonPropertyName("realtimePeriod")]
    public ulong? RealtimePeriod { get; set; }

    /// <summary>CPUs of the cpuset, e.g. <c>0-3,7</c>.</summary>
    [JsonPropertyName("cpus")]
    public string? Cpus { get; set; }

    /// <summary>Memory nodes of the cpuset.</summary>
    [JsonPropertyName("mems")]
    public string? Mems { get; set; }

    /// <summary>1 makes the cgroup SCHED_IDLE.</summary>
    [JsonPropertyName("idle")]
    public long? Idle { get; set; }

    /// <summary>Fields this version does not know, kept so that they survive a load and save.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
