using System.Text.Json;
using Hull.Spec.Json;

namespace Hull.Spec;

/// <summary>The NUMA memory policy of a container (<c>set_mempolicy</c>).</summary>
public sealed class LinuxMemoryPolicy : IJsonExtensible
{
    public static readonly ObjectCodec<LinuxMemoryPolicy> Codec = new ObjectCodec<LinuxMemoryPolicy>()
        .Add("mode", JsonScalars.String, x => x.Mode, (x, v) => x.Mode = v)
        .Add("nodes", JsonScalars.String, x => x.Nodes, (x, v) => x.Nodes = v)
        .Add("flags", JsonScalars.Strings, x => x.Flags, (x, v) => x.Flags = v);

    /// <summary>Mode, e.g. <c>MPOL_BIND</c>.</summary>
    public string? Mode { get; set; }

    /// <summary>Node list, e.g. <c>0-1,3</c>.</summary>
    public string? Nodes { get; set; }

    /// <summary>Mode flags, e.g. <c>MPOL_F_STATIC_NODES</c>.</summary>
    public List<string>? Flags { get; set; }

    /// <summary>Fields this version does not know, kept so that they survive a load and save.</summary>
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
