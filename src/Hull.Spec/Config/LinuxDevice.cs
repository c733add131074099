using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hull.Spec;

/// <summary>A device node created in the container.</summary>
public sealed class LinuxDevice
{
    /// <summary>Path of the node inside the container.</summary>
    [JsonPropertyName("path")]
    public string? Path { get; set; }

    /// <summary>Type: <c>c</c>, <c>b</c>, <c>u</c> or <c>p</c>.</summary>
    [JsonPropertyName("type")]
    public string? Type { get; set; }

    /// <summary>Major number.</summary>
    [JsonPropertyName("major")]
    public long? Major { get; set; }

    /// <summary>Minor number.</summary>
    [JsonPropertyName("minor")]
    public long? Minor { get; set; }

    /// <summary>Permission bits of the node.</summary>
    [JsonPropertyName("fileMode")]
    public uint? FileMode { get; set; }

    /// <summary>Owner of the node.</summary>
    [JsonPropertyName("uid")]
    public uint? Uid { get; set; }

    /// <summary>Group of the node.</summary>
    [JsonPropertyName("gid")]
    public uint? Gid { get; set; }

    /// <summary>Fields this version does not know, kept so that they survive a load and save.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
