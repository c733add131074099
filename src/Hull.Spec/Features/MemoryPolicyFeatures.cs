using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hull.Spec;

/// <summary>Memory policy support of the runtime.</summary>
public sealed class MemoryPolicyFeatures
{
    /// <summary>Modes recognized.</summary>
    [JsonPropertyName("modes")]
    public List<string>? Modes { get; set; }

    /// <summary>Mode flags recognized.</summary>
    [JsonPropertyName("flags")]
    public List<string>? Flags { get; set; }

    /// <summary>Fields this version does not know, kept so that they survive a load and save.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
