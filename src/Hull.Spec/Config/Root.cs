using System.Text.Json;
using Hull.Spec.Json;

namespace Hull.Spec;

/// <summary>The container's root filesystem.</summary>
public sealed class Root : IJsonExtensible
{
    public static readonly ObjectCodec<Root> Codec = new ObjectCodec<Root>()
        .Add("path", JsonScalars.String, x => x.Path, (x, v) => x.Path = v)
        .Add("readonly", JsonScalars.Boolean, x => x.Readonly, (x, v) => x.Readonly = v);

    /// <summary>Path of the root filesystem, absolute or relative to the bundle.</summary>
    public string? Path { get; set; }

    /// <summary>Whether the root filesystem is made read-only.</summary>
    public bool? Readonly { get; set; }

    /// <summary>Fields this version does not know, kept so that they survive a load and save.</summary>
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
