using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hull.Spec;

/// <summary>A command run at a point of the container lifecycle.</summary>
public sealed class Hook
{
    /// <summary>Absolute path of the executable.</summary>
    [JsonPropertyName("path")]
    public string? Path { get; set; }

    /// <summary>Arguments, including <c>argv[0]</c>.</summary>
    [JsonPropertyName("args")]
    public List<string>? Args { get; set; }

    /// <summary>Environment in <c>KEY=value</c> form.</summary>
    [JsonPropertyName("env")]
    public List<string>? Env { get; set; }

    /// <summary>Seconds after which the hook is aborted.</summary>
    [JsonPropertyName("timeout")]
    public int? Timeout { get; set; }

    /// <summary>Fields this version does not know, kept so that they survive a load and save.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
