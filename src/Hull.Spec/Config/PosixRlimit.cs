using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hull.Spec;

/// <summary>A resource limit (<c>setrlimit</c>) of a process.</summary>
public sealed class PosixRlimit
{
    /// <summary>Limit name, e.g. <c>RLIMIT_NOFILE</c>.</summary>
    [JsonPropertyName("type")]
    public string? Type { get; set; }

    /// <summary>Hard limit.</summary>
    [JsonPropertyName("hard")]
    public ulong? Hard { get; set; }

    /// <summary>Soft limit.</summary>
    [JsonPropertyName("soft")]
    public ulong? Soft { get; set; }

    /// <summary>Fields this version does not know, kept so that they survive a load and save.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
