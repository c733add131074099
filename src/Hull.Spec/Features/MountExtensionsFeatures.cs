using System.Text.Json;
using Hull.Spec.Json;

namespace Hull.Spec;

/// <summary>Mount extensions supported by the runtime.</summary>
public sealed class MountExtensionsFeatures : IJsonExtensible
{
    public static readonly ObjectCodec<MountExtensionsFeatures> Codec = new ObjectCodec<MountExtensionsFeatures>()
        .Add("idmap", EnabledFeature.Codec, x => x.IdMap, (x, v) => x.IdMap = v);

    /// <summary>Id-mapped mounts.</summary>
    public EnabledFeature? IdMap { get; set; }

    /// <summary>Fields this version does not know, kept so that they survive a load and save.</summary>
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
