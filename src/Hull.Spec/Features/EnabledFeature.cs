using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hull.Spec;

/// <summary>A feature that is only reported as enabled or not (AppArmor, SELinux, idmap mounts, net devices).</summary>
public sealed class EnabledFeature
{
    /// <summary>Whether support is compiled in.</summary>
    [JsonPropertyName("enabled")]
    public bool? Enabled { get; set; }

    /// <summary>Fields this version does not know, kept so that they survive a load and save.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
