using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hull.Spec;

/// <summary>The container's root filesystem.</summary>
public sealed class Root
{
    /// <summary>Path of the root filesystem, absolute or relative to the bundle.</summary>
    [JsonPropertyName("path")]
    public string? Path { get; set; }

    /// <summary>Whether the root filesystem is made read-only.</summary>
    [JsonPropertyName("readonly")]
    public bool? Readonly { get; set; }

    /// <summary>Fields this version does not know, kept so that they survive a load and save.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
