using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hull.Spec;

/// <summary>The lifecycle hooks of a container.</summary>
public sealed class Hooks
{
    /// <summary>Deprecated: run in the runtime namespace after create, before pivot_root.</summary>
    [JsonPropertyName("prestart")]
    public List<Hook>? Prestart { get; set; }

    /// <summary>Run in the runtime namespace after the container is created.</summary>
    [JsonPropertyName("createRuntime")]
    public List<Hook>? CreateRuntime { get; set; }

    /// <summary>Run in the container namespace before pivot_root.</summary>
    [JsonPropertyName("createContainer")]
    public List<Hook>? CreateContainer { get; set; }

    /// <summary>Run in the container before the user process starts.</summary>
    [JsonPropertyName("startContainer")]
    public List<Hook>? StartContainer { get; set; }

    /// <summary>Run in the runtime namespace after the user process starts.</summary>
    [JsonPropertyName("poststart")]
    public List<Hook>? Poststart { get; set; }

    /// <summary>Run in the runtime namespace after the container is deleted.</summary>
    [JsonPropertyName("poststop")]
    public List<Hook>? Poststop { get; set; }

    /// <summary>Fields this version does not know, kept so that they survive a load and save.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
