using System.Text.Json;
using Hull.Spec.Json;

namespace Hull.Spec;

/// <summary>A rule of the cgroup device controller.</summary>
public sealed class LinuxDeviceCgroup : IJsonExtensible
{
    public static readonly ObjectCodec<LinuxDeviceCgroup> Codec = new ObjectCodec<LinuxDeviceCgroup>()
        .Add("allow", JsonScalars.Boolean, x => x.Allow, (x, v) => x.Allow = v)
        .Add("type", JsonScalars.String, x => x.Type, (x, v) => x.Type = v)
        .Add("major", JsonScalars.Int64, x => x.Major, (x, v) => x.Major = v)
        .Add("minor", JsonScalars.Int64, x => x.Minor, (x, v) => x.Minor = v)
        .Add("access", JsonScalars.String, x => x.Access, (x, v) => x.Access = v);

    /// <summary>Allow (true) or deny (false).</summary>
    public bool? Allow { get; set; }

    /// <summary>Type: <c>a</c>, <c>b</c> or <c>c</c>; all when absent.</summary>
    public string? Type { get; set; }

    /// <summary>Major number; all when absent.</summary>
    public long? Major { get; set; }

    /// <summary>Minor number; all when absent.</summary>
    public long? Minor { get; set; }

    /// <summary>Access: a combination of <c>r</c>, <c>w</c> and <c>m</c>.</summary>
    public string? Access { get; set; }

    /// <summary>Fields this version does not know, kept so that they survive a load and save.</summary>
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
