using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hull.Spec;

/// <summary>Mount extensions supported by the runtime.</summary>
public sealed class MountExtensionsFeatures
{
    /// <summary>Id-mapped mounts.</summary>
    [JsonPropertyName("idmap")]
    public EnabledFeature? IdMap { get; set; }

    /// <summary>Fields this version does not know, kept so that they survive a load and save.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
