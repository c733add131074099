using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hull.Spec;

/// <summary>The net_prio priority of one interface.</summary>
public sealed class LinuxInterfacePriority
{
    /// <summary>Interface name.</summary>
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    /// <summary>Priority.</summary>
    [JsonPropertyName("priority")]
    public uint? Priority { get; set; }

    /// <summary>Fields this version does not know, kept so that they survive a load and save.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
