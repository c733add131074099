using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hull.Spec;

/// <summary>A network device moved into the container's network namespace.</summary>
public sealed class LinuxNetDevice
{
    /// <summary>Name in the container; the host name when empty.</summary>
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    /// <summary>Fields this version does not know, kept so that they survive a load and save.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
