using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hull.Spec;

/// <summary>CPU affinity of processes started by exec.</summary>
public sealed class CpuAffinity
{
    /// <summary>CPU list set before joining the container's cgroup.</summary>
    [JsonPropertyName("initial")]
    public string? Initial { get; set; }

    /// <summary>CPU list set after joining the container's cgroup.</summary>
    [JsonPropertyName("final")]
    public string? Final { get; set; }

    /// <summary>Fields this version does not know, kept so that they survive a load and save.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
