using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hull.Spec;

/// <summary>The container configuration stored as <c>config.json</c> in an OCI bundle.</summary>
public sealed class RuntimeSpec
{
    /// <summary>Version of the runtime specification the bundle complies with.</summary>
    [JsonPropertyName("ociVersion")]
    public string? OciVersion { get; set; }

    /// <summary>The container process.</summary>
    [JsonPropertyName("process")]
    public Process? Process { get; set; }

    /// <summary>The container's root filesystem.</summary>
    [JsonPropertyName("root")]
    public Root? Root { get; set; }

    /// <summary>The container's hostname.</summary>
    [JsonPropertyName("hostname")]
    public string? Hostname { get; set; }

    /// <summary>The container's NIS domain name.</summary>
    [JsonPropertyName("domainname")]
    public string? Domainname { get; set; }

    /// <summary>Mounts made on top of the root filesystem, in order.</summary>
    [JsonPropertyName("mounts")]
    public List<Mount>? Mounts { get; set; }

    /// <summary>Commands run at points of the container lifecycle.</summary>
    [JsonPropertyName("hooks")]
    public Hooks? Hooks { get; set; }

    /// <summary>Arbitrary metadata.</summary>
    [JsonPropertyName("annotations")]
    public Dictionary<string, string>? Annotations { get; set; }

    /// <summary>Linux-specific configuration.</summary>
    [JsonPropertyName("linux")]
    public Linux? Linux { get; set; }

    /// <summary>Fields this version does not know, kept so that they survive a load and save.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
