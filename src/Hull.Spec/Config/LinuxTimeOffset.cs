using System.Text.Json;
using Hull.Spec.Json;

namespace Hull.Spec;

/// <summary>The offset of one clock in a time namespace.</summary>
public sealed class LinuxTimeOffset : IJsonExtensible
{
    public static readonly ObjectCodec<LinuxTimeOffset> Codec = new ObjectCodec<LinuxTimeOffset>()
        .Add("secs", JsonScalars.Int64, x => x.Secs, (x, v) => x.Secs = v)
        .Add("nanosecs", JsonScalars.UInt32, x => x.Nanosecs, (x, v) => x.Nanosecs = v);

    /// <summary>Offset in seconds.</summary>
    public long? Secs { get; set; }

    /// <summary>Additional offset in nanoseconds.</summary>
    public uint? Nanosecs { get; set; }

    /// <summary>Fields this version does not know, kept so that they survive a load and save.</summary>
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
