using System.Text.Json;
using Hull.Spec.Json;

namespace Hull.Spec;

/// <summary>A block device named by major and minor number.</summary>
public abstract class LinuxBlockIODevice : IJsonExtensible
{
    /// <summary>The codec of a device class, these fields first.</summary>
    internal static ObjectCodec<T> CodecOf<T>()
        where T : LinuxBlockIODevice, new() =>
        new ObjectCodec<T>()
            .Add("major", JsonScalars.Int64, x => x.Major, (x, v) => x.Major = v)
            .Add("minor", JsonScalars.Int64, x => x.Minor, (x, v) => x.Minor = v);

    /// <summary>Major number.</summary>
    public long? Major { get; set; }

    /// <summary>Minor number.</summary>
    public long? Minor { get; set; }

    /// <summary>Fields this version does not know, kept so that they survive a load and save.</summary>
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
