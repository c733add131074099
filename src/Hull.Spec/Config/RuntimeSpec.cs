using System.Text.Json;
using Hull.Spec.Json;

namespace Hull.Spec;

/// <summary>The container configuration stored as <c>config.json</c> in an OCI bundle.</summary>
public sealed class RuntimeSpec : IJsonExtensible
{
    public static readonly ObjectCodec<RuntimeSpec> Codec = new ObjectCodec<RuntimeSpec>()
        .Add("ociVersion", JsonScalars.String, x => x.OciVersion, (x, v) => x.OciVersion = v)
        .Add("process", Process.Codec, x => x.Process, (x, v) => x.Process = v)
        .Add("root", Root.Codec, x => x.Root, (x, v) => x.Root = v)
        .Add("hostname", JsonScalars.String, x => x.Hostname, (x, v) => x.Hostname = v)
        .Add("domainname", JsonScalars.String, x => x.Domainname, (x, v) => x.Domainname = v)
        .Add("mounts", new ListCodec<Mount>(Mount.Codec), x => x.Mounts, (x, v) => x.Mounts = v)
        .Add("hooks", Hooks.Codec, x => x.Hooks, (x, v) => x.Hooks = v)
        .Add("annotations", JsonScalars.StringMap, x => x.Annotations, (x, v) => x.Annotations = v)
        .Add("linux", Linux.Codec, x => x.Linux, (x, v) => x.Linux = v);

    /// <summary>Version of the runtime specification the bundle complies with.</summary>
    public string? OciVersion { get; set; }

    /// <summary>The container process.</summary>
    public Process? Process { get; set; }

    /// <summary>The container's root filesystem.</summary>
    public Root? Root { get; set; }

    /// <summary>The container's hostname.</summary>
    public string? Hostname { get; set; }

    /// <summary>The container's NIS domain name.</summary>
    public string? Domainname { get; set; }

    /// <summary>Mounts made on top of the root filesystem, in order.</summary>
    public List<Mount>? Mounts { get; set; }

    /// <summary>Commands run at points of the container lifecycle.</summary>
    public Hooks? Hooks { get; set; }

    /// <summary>Arbitrary metadata.</summary>
    public Dictionary<string, string>? Annotations { get; set; }

    /// <summary>Linux-specific configuration.</summary>
    public Linux? Linux { get; set; }

    /// <summary>Fields this version does not know, kept so that they survive a load and save.</summary>
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
