using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hull.Spec;

/// <summary>The execution domain of a container (<c>personality</c>).</summary>
public sealed class LinuxPersonality
{
    /// <summary>Domain: <c>LINUX</c> or <c>LINUX32</c>.</summary>
    [JsonPropertyName("domain")]
    public string? Domain { get; set; }

    /// <summary>Additional flags.</summary>
    [JsonPropertyName("flags")]
    public List<string>? Flags { get; set; }

    /// <summary>Fields this version does not know, kept so that they survive a load and save.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
