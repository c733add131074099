using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hull.Spec;

/// <summary>Intel RDT support of the runtime.</summary>
public sealed class IntelRdtFeatures
{
    /// <summary>Whether support is compiled in.</summary>
    [JsonPropertyName("enabled")]
    public bool? Enabled { get; set; }

    /// <summary>Whether <c>linux.intelRdt.schemata</c> is implemented.</summary>
    [JsonPropertyName("schemata")]
    public bool? Schemata { get; set; }

    /// <summary>Whether <c>linux.intelRdt.enableMonitoring</c> is implemented.</summary>
    [JsonPropertyName("monitoring")]
    public bool? Monitoring { get; set; }

    /// <summary>Fields this version does not know, kept so that they survive a load and save.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
