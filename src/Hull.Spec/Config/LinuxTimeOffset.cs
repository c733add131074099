using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hull.Spec;

/// <summary>The offset of one clock in a time namespace.</summary>
public sealed class LinuxTimeOffset
{
    /// <summary>Offset in seconds.</summary>
    [JsonPropertyName("secs")]
    public long? Secs { get; set; }

    /// <summary>Additional offset in nanoseconds.</summary>
    [JsonPropertyName("nanosecs")]
    public uint? Nanosecs { get; set; }

    /// <summary>Fields this version does not know, kept so that they survive a load and save.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
