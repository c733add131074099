using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hull.Spec;

/// <summary>What the runtime supports, as printed by <c>features</c>.</summary>
public sealed class Features
{
    /// <summary>Oldest specification version accepted.</summary>
    [JsonPropertyName("ociVersionMin")]
    public string? OciVersionMin { get; set; }

    /// <summary>Newest specification version accepted.</summary>
    [JsonPropertyName("ociVersionMax")]
    public string? OciVersionMax { get; set; }

    /// <summary>Hook names recognized.</summary>
    [JsonPropertyName("hooks")]
    public List<string>? Hooks { get; set; }

    /// <summary>Mount options recognized.</summary>
    [JsonPropertyName("mountOptions")]
    public List<string>? MountOptions { get; set; }

    /// <summary>Linux-specific features.</summary>
    [JsonPropertyName("linux")]
    public LinuxFeatures? Linux { get; set; }

    /// <summary>Implementation-specific information.</summary>
    [JsonPropertyName("annotations")]
    public Dictionary<string, string>? Annotations { get; set; }

    /// <summary>Annotations (or prefixes ending in a dot) that may change behaviour.</summary>
    [JsonPropertyName("potentiallyUnsafeConfigAnnotations")]
    public List<string>? PotentiallyUnsafeConfigAnnotations { get; set; }

    /// <summary>Fields this version does not know, kept so that they survive a load and save.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
