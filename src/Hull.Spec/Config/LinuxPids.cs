using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hull.Spec;

/// <summary>Process count limit of a cgroup.</summary>
public sealed class LinuxPids
{
    /// <summary>Maximum number of processes (0 or -1 means unlimited).</summary>
    [JsonPropertyName("limit")]
    public long? Limit { get; set; }

    /// <summary>Fields this version does not know, kept so that they survive a load and save.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
