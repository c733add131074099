using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hull.Spec;

/// <summary>A range of user or group ids mapped into a user namespace.</summary>
public sealed class LinuxIdMapping
{
    /// <summary>First id in the container.</summary>
    [JsonPropertyName("containerID")]
    public uint? ContainerId { get; set; }

    /// <summary>First id on the host.</summary>
    [JsonPropertyName("hostID")]
    public uint? HostId { get; set; }

    /// <summary>Number of ids.</summary>
    [JsonPropertyName("size")]
    public uint? Size { get; set; }

    /// <summary>Fields this version does not know, kept so that they survive a load and save.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
