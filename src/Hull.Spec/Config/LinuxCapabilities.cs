using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hull.Spec;

/// <summary>The Linux capability sets of a process (names such as <c>CAP_KILL</c>).</summary>
public sealed class LinuxCapabilities
{
    /// <summary>Bounding set.</summary>
    [JsonPropertyName("bounding")]
    public List<string>? Bounding { get; set; }

    /// <summary>Effective set.</summary>
    [JsonPropertyName("effective")]
    public List<string>? Effective { get; set; }

    /// <summary>Inheritable set.</summary>
    [JsonPropertyName("inheritable")]
    public List<string>? Inheritable { get; set; }

    /// <summary>Permitted set.</summary>
    [JsonPropertyName("permitted")]
    public List<string>? Permitted { get; set; }

    /// <summary>Ambient set.</summary>
    [JsonPropertyName("ambient")]
    public List<string>? Ambient { get; set; }

    /// <summary>Fields this version does not know, kept so that they survive a load and save.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
