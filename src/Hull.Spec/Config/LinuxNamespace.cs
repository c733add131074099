using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hull.Spec;

/// <summary>A namespace created, or joined when <see cref="Path"/> is set.</summary>
public sealed class LinuxNamespace
{
    /// <summary>Namespace type; see <see cref="NamespaceTypes"/>.</summary>
    [JsonPropertyName("type")]
    public string? Type { get; set; }

    /// <summary>Namespace file to join, e.g. <c>/proc/1234/ns/net</c>.</summary>
    [JsonPropertyName("path")]
    public string? Path { get; set; }

    /// <summary>Fields this version does not know, kept so that they survive a load and save.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
