using System.Text.Json;
using Hull.Spec.Json;

namespace Hull.Spec;

/// <summary>Memory policy support of the runtime.</summary>
public sealed class MemoryPolicyFeatures : IJsonExtensible
{
    public static readonly ObjectCodec<MemoryPolicyFeatures> Codec = new ObjectCodec<MemoryPolicyFeatures>()
        .Add("modes", JsonScalars.Strings, x => x.Modes, (x, v) => x.Modes = v)
        .Add("flags", JsonScalars.Strings, x => x.Flags, (x, v) => x.Flags = v);

    /// <summary>Modes recognized.</summary>
    public List<string>? Modes { get; set; }

    /// <summary>Mode flags recognized.</summary>
    public List<string>? Flags { get; set; }

    /// <summary>Fields this version does not know, kept so that they survive a load and save.</summary>
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
