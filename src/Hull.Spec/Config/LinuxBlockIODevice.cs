using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hull.Spec;

/// <summary>A block device named by major and minor number.</summary>
public abstract class LinuxBlockIODevice
{
    /// <summary>Major number.</summary>
    [JsonPropertyName("major")]
    [JsonPropertyOrder(-2)]
    public long? Major { get; set; }

    /// <summary>Minor number.</summary>
    [JsonPropertyName("minor")]
    [JsonPropertyOrder(-1)]
    public long? Minor { get; set; }

    /// <summary>Fields this version does not know, kept so that they survive a load and save.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
