using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hull.Spec;

/// <summary>Network class id and interface priorities of a cgroup.</summary>
public sealed class LinuxNetwork
{
    /// <summary>net_cls class id.</summary>
    [JsonPropertyName("classID")]
    public uint? ClassId { get; set; }

    /// <summary>net_prio priorities.</summary>
    [JsonPropertyName("priorities")]
    public List<LinuxInterfacePriority>? Priorities { get; set; }

    /// <summary>Fields this version does not know, kept so that they survive a load and save.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
