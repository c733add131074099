using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hull.Spec;

/// <summary>cgroup resource limits of a container.</summary>
public sealed class LinuxResources
{
    /// <summary>Device allow/deny rules, in order.</summary>
    [JsonPropertyName("devices")]
    public List<LinuxDeviceCgroup>? Devices { get; set; }

    /// <summary>Memory limits.</summary>
    [JsonPropertyName("memory")]
    public LinuxMemory? Memory { get; set; }

    /// <summary>CPU limits and cpuset.</summary>
    [JsonPropertyName("cpu")]
    public LinuxCpu? Cpu { get; set; }

    /// <summary>Process count limit.</summary>
    [JsonPropertyName("pids")]
    public LinuxPids? Pids { get; set; }

    /// <summary>Block I/O weights and throttles.</summary>
    [JsonPropertyName("blockIO")]
    public LinuxBlockIO? BlockIO { get; set; }

    /// <summary>Hugetlb limits.</summary>
    [JsonPropertyName("hugepageLimits")]
    public List<LinuxHugepageLimit>? HugepageLimits { get; set; }

    /// <summary>Network class id and priorities.</summary>
    [JsonPropertyName("network")]
    public LinuxNetwork? Network { get; set; }

    /// <summary>RDMA limits, keyed by device name.</summary>
    [JsonPropertyName("rdma")]
    public Dictionary<string, LinuxRdma>? Rdma { get; set; }

    /// <summary>cgroup v2 files written as is.</summary>
    [JsonPropertyName("unified")]
    public Dictionary<string, string>? Unified { get; set; }

    /// <summary>Fields this version does not know, kept so that they survive a load and save.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
