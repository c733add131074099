using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hull.Spec;

/// <summary>A rule of the cgroup device controller.</summary>
public sealed class LinuxDeviceCgroup
{
    /// <summary>Allow (true) or deny (false).</summary>
    [JsonPropertyName("allow")]
    public bool? Allow { get; set; }

    /// <summary>Type: <c>a</c>, <c>b</c> or <c>c</c>; all when absent.</summary>
    [JsonPropertyName("type")]
    public string? Type { get; set; }

    /// <summary>Major number; all when absent.</summary>
    [JsonPropertyName("major")]
    public long? Major { get; set; }

    /// <summary>Minor number; all when absent.</summary>
    [JsonPropertyName("minor")]
    public long? Minor { get; set; }

    /// <summary>Access: a combination of <c>r</c>, <c>w</c> and <c>m</c>.</summary>
    [JsonPropertyName("access")]
    public string? Access { get; set; }

    /// <summary>Fields this version does not know, kept so that they survive a load and save.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
