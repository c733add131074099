using System.Text.Json.Serialization;

namespace Hull.Spec;

/// <summary>A block I/O rate limit of one device.</summary>
public sealed class LinuxThrottleDevice : LinuxBlockIODevice
{
    /// <summary>Rate per second.</summary>
    [JsonPropertyName("rate")]
    public ulong? Rate { get; set; }
}
