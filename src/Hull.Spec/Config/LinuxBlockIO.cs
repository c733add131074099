using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hull.Spec;

/// <summary>Block I/O weights and throttles of a cgroup.</summary>
public sealed class LinuxBlockIO
{
    /// <summary>Weight of the cgroup.</summary>
    [JsonPropertyName("weight")]
    public ushort? Weight { get; set; }

    /// <summary>Weight against child cgroups (CFQ only).</summary>
    [JsonPropertyName("leafWeight")]
    public ushort? LeafWeight { get; set; }

    /// <summary>Per-device weights.</summary>
    [JsonPropertyName("weightDevice")]
    public List<LinuxWeightDevice>? WeightDevice { get; set; }

    /// <summary>Per-device read limits in bytes per second.</summary>
    [JsonPropertyName("throttleReadBpsDevice")]
    public List<LinuxThrottleDevice>? ThrottleReadBpsDevice { get; set; }

    /// <summary>Per-device write limits in bytes per second.</summary>
    [JsonPropertyName("throttleWriteBpsDevice")]
    public List<LinuxThrottleDevice>? ThrottleWriteBpsDevice { get; set; }

    /// <summary>Per-device read limits in operations per second.</summary>
    [JsonPropertyName("throttleReadIOPSDevice")]
    public List<LinuxThrottleDevice>? ThrottleReadIOPSDevice { get; set; }

    /// <summary>Per-device write limits in operations per second.</summary>
    [JsonPropertyName("throttleWriteIOPSDevice")]
    public List<LinuxThrottleDevice>? ThrottleWriteIOPSDevice { get; set; }

    /// <summary>Fields this version does not know, kept so that they survive a load and save.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
