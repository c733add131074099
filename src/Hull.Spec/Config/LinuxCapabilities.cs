using System.Text.Json;
using Hull.Spec.Json;

namespace Hull.Spec;

/// <summary>The Linux capability sets of a process (names such as <c>CAP_KILL</c>).</summary>
public sealed class LinuxCapabilities : IJsonExtensible
{
    public static readonly ObjectCodec<LinuxCapabilities> Codec = new ObjectCodec<LinuxCapabilities>()
        .Add("bounding", JsonScalars.Strings, x => x.Bounding, (x, v) => x.Bounding = v)
        .Add("effective", JsonScalars.Strings, x => x.Effective, (x, v) => x.Effective = v)
        .Add("inheritable", JsonScalars.Strings, x => x.Inheritable, (x, v) => x.Inheritable = v)
        .Add("permitted", JsonScalars.Strings, x => x.Permitted, (x, v) => x.Permitted = v)
        .Add("ambient", JsonScalars.Strings, x => x.Ambient, (x, v) => x.Ambient = v);

    /// <summary>Bounding set.</summary>
    public List<string>? Bounding { get; set; }

    /// <summary>Effective set.</summary>
    public List<string>? Effective { get; set; }

    /// <summary>Inheritable set.</summary>
    public List<string>? Inheritable { get; set; }

    /// <summary>Permitted set.</summary>
    public List<string>? Permitted { get; set; }

    /// <summary>Ambient set.</summary>
    public List<string>? Ambient { get; set; }

    /// <summary>Fields this version does not know, kept so that they survive a load and save.</summary>
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
