using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hull.Spec;

/// <summary>The OCI state of a container, as passed to hooks on stdin.</summary>
public sealed class State
{
    /// <summary>Version of the runtime specification.</summary>
    [JsonPropertyName("ociVersion")]
    public string? OciVersion { get; set; }

    /// <summary>Container id.</summary>
    [JsonPropertyName("id")]
    public string? Id { get; set; }

    /// <summary>Status; see <see cref="StateStatus"/>.</summary>
    [JsonPropertyName("status")]
    public string? Status { get; set; }

    /// <summary>Pid of the container process on the host.</summary>
    [JsonPropertyName("pid")]
    public int? Pid { get; set; }

    /// <summary>Absolute path of the bundle.</summary>
    [JsonPropertyName("bundle")]
    public string? Bundle { get; set; }

    /// <summary>Annotations of the container.</summary>
    [JsonPropertyName("annotations")]
    public Dictionary<string, string>? Annotations { get; set; }

    /// <summary>Fields this version does not know, kept so that they survive a load and save.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
