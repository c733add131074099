using System.Text.Json;
using Hull.Spec.Json;

namespace Hull.Spec;

/// <summary>Dimensions of a console.</summary>
public sealed class Box : IJsonExtensible
{
    public static readonly ObjectCodec<Box> Codec = new ObjectCodec<Box>()
        .Add("height", JsonScalars.UInt32, x => x.Height, (x, v) => x.Height = v)
        .Add("width", JsonScalars.UInt32, x => x.Width, (x, v) => x.Width = v);

    /// <summary>Rows.</summary>
    public uint? Height { get; set; }

    /// <summary>Columns.</summary>
    public uint? Width { get; set; }

    /// <summary>Fields this version does not know, kept so that they survive a load and save.</summary>
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
