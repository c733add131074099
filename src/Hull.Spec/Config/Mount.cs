using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hull.Spec;

/// <summary>A mount made in the container.</summary>
public sealed class Mount
{
    /// <summary>Path of the mount point inside the container.</summary>
    [JsonPropertyName("destination")]
    public string? Destination { get; set; }

    /// <summary>Filesystem type.</summary>
    [JsonPropertyName("type")]
    public string? Type { get; set; }

    /// <summary>Device, directory or pseudo-filesystem name.</summary>
    [JsonPropertyName("source")]
    public string? Source { get; set; }

    /// <summary>fstab-style mount options.</summary>
    [JsonPropertyName("options")]
    public List<string>? Options { get; set; }

    /// <summary>User id mapping of an id-mapped mount.</summary>
    [JsonPropertyName("uidMappings")]
    public List<LinuxIdMapping>? UidMappings { get; set; }

    /// <summary>Group id mapping of an id-mapped mount.</summary>
    [JsonPropertyName("gidMappings")]
    public List<LinuxIdMapping>? GidMappings { get; set; }

    /// <summary>Fields this version does not know, kept so that they survive a load and save.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
