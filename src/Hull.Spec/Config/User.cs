using System.Text.Json;
using Hull.Spec.Json;

namespace Hull.Spec;

/// <summary>The user and groups a process runs as.</summary>
public sealed class User : IJsonExtensible
{
    public static readonly ObjectCodec<User> Codec = new ObjectCodec<User>()
        .Add("uid", JsonScalars.UInt32, x => x.Uid, (x, v) => x.Uid = v)
        .Add("gid", JsonScalars.UInt32, x => x.Gid, (x, v) => x.Gid = v)
        .Add("umask", JsonScalars.UInt32, x => x.Umask, (x, v) => x.Umask = v)
        .Add("additionalGids", new ListCodec<uint>(JsonScalars.UInt32), x => x.AdditionalGids, (x, v) => x.AdditionalGids = v)
        .Add("username", JsonScalars.String, x => x.Username, (x, v) => x.Username = v);

    /// <summary>User id in the container.</summary>
    public uint? Uid { get; set; }

    /// <summary>Group id in the container.</summary>
    public uint? Gid { get; set; }

    /// <summary>Umask of the process.</summary>
    public uint? Umask { get; set; }

    /// <summary>Supplementary group ids.</summary>
    public List<uint>? AdditionalGids { get; set; }

    /// <summary>User name (Windows only).</summary>
    public string? Username { get; set; }

    /// <summary>Fields this version does not know, kept so that they survive a load and save.</summary>
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
