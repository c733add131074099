using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hull.Spec;

/// <summary>Seccomp support of the runtime.</summary>
public sealed class SeccompFeatures
{
    /// <summary>Whether seccomp support is compiled in.</summary>
    [JsonPropertyName("enabled")]
    public bool? Enabled { get; set; }

    /// <summary>Actions recognized.</summary>
    [JsonPropertyName("actions")]
    public List<string>? Actions { get; set; }

    /// <summary>Operators recognized.</summary>
    [JsonPropertyName("operators")]
    public List<string>? Operators { get; set; }

    /// <summary>Architectures recognized.</summary>
    [JsonPropertyName("archs")]
    public List<string>? Archs { get; set; }

    /// <summary>Filter flags recognized.</summary>
    [JsonPropertyName("knownFlags")]
    public List<string>? KnownFlags { get; set; }

    /// <summary>Filter flags supported by this kernel and libseccomp.</summary>
    [JsonPropertyName("supportedFlags")]
    public List<string>? SupportedFlags { get; set; }

    /// <summary>Fields this version does not know, kept so that they survive a load and save.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
