using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hull.Spec;

/// <summary>Dimensions of a console.</summary>
public sealed class Box
{
    /// <summary>Rows.</summary>
    [JsonPropertyName("height")]
    public uint? Height { get; set; }

    /// <summary>Columns.</summary>
    [JsonPropertyName("width")]
    public uint? Width { get; set; }

    /// <summary>Fields this version does not know, kept so that they survive a load and save.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
