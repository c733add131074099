using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hull.Spec;

/// <summary>Intel RDT (resctrl) settings of a container.</summary>
public sealed class LinuxIntelRdt
{
    /// <summary>Class of service (resctrl group) name.</summary>
    [JsonPropertyName("closID")]
    public string? ClosId { get; set; }

    /// <summary>Lines written as is to the schemata file.</summary>
    [JsonPropertyName("schemata")]
    public List<string>? Schemata { get; set; }

    /// <summary>L3 cache schema, e.g. <c>L3:0=ff</c>.</summary>
    [JsonPropertyName("l3CacheSchema")]
    public string? L3CacheSchema { get; set; }

    /// <summary>Memory bandwidth schema, e.g. <c>MB:0=50</c>.</summary>
    [JsonPropertyName("memBwSchema")]
    public string? MemBwSchema { get; set; }

    /// <summary>Creates a resctrl monitoring group.</summary>
    [JsonPropertyName("enableMonitoring")]
    public bool? EnableMonitoring { get; set; }

    /// <summary>Fields this version does not know, kept so that they survive a load and save.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
