using System.Text.Json;
using Hull.Spec.Json;

namespace Hull.Spec;

/// <summary>A feature that is only reported as enabled or not (AppArmor, SELinux, idmap mounts, net devices).</summary>
public sealed class EnabledFeature : IJsonExtensible
{
    public static readonly ObjectCodec<EnabledFeature> Codec = new ObjectCodec<EnabledFeature>()
        .Add("enabled", JsonScalars.Boolean, x => x.Enabled, (x, v) => x.Enabled = v);

    /// <summary>Whether support is compiled in.</summary>
    public bool? Enabled { get; set; }

    /// <summary>Fields this version does not know, kept so that they survive a load and save.</summary>
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
