using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hull.Spec;

/// <summary>The NUMA memory policy of a container (<c>set_mempolicy</c>).</summary>
public sealed class LinuxMemoryPolicy
{
    /// <summary>Mode, e.g. <c>MPOL_BIND</c>.</summary>
    [JsonPropertyName("mode")]
    public string? Mode { get; set; }

    /// <summary>Node list, e.g. <c>0-1,3</c>.</summary>
    [JsonPropertyName("nodes")]
    public string? Nodes { get; set; }

    /// <summary>Mode flags, e.g. <c>MPOL_F_STATIC_NODES</c>.</summary>
    [JsonPropertyName("flags")]
    public List<string>? Flags { get; set; }

    /// <summary>Fields this version does not know, kept so that they survive a load and save.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
