using System.Text.Json;
using Hull.Spec.Json;

namespace Hull.Spec;

/// <summary>A device node created in the container.</summary>
public sealed class LinuxDevice : IJsonExtensible
{
    public static readonly ObjectCodec<LinuxDevice> Codec = new ObjectCodec<LinuxDevice>()
        .Add("path", JsonScalars.String, x => x.Path, (x, v) => x.Path = v)
        .Add("type", JsonScalars.String, x => x.Type, (x, v) => x.Type = v)
        .Add("major", JsonScalars.Int64, x => x.Major, (x, v) => x.Major = v)
        .Add("minor", JsonScalars.Int64, x => x.Minor, (x, v) => x.Minor = v)
        .Add("fileMode", JsonScalars.UInt32, x => x.FileMode, (x, v) => x.FileMode = v)
        .Add("uid", JsonScalars.UInt32, x => x.Uid, (x, v) => x.Uid = v)
        .Add("gid", JsonScalars.UInt32, x => x.Gid, (x, v) => x.Gid = v);

    /// <summary>Path of the node inside the container.</summary>
    public string? Path { get; set; }

    /// <summary>Type: <c>c</c>, <c>b</c>, <c>u</c> or <c>p</c>.</summary>
    public string? Type { get; set; }

    /// <summary>Major number.</summary>
    public long? Major { get; set; }

    /// <summary>Minor number.</summary>
    public long? Minor { get; set; }

    /// <summary>Permission bits of the node.</summary>
    public uint? FileMode { get; set; }

    /// <summary>Owner of the node.</summary>
    public uint? Uid { get; set; }

    /// <summary>Group of the node.</summary>
    public uint? Gid { get; set; }

    /// <summary>Fields this version does not know, kept so that they survive a load and save.</summary>
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
