using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hull.Spec;

/// <summary>The user and groups a process runs as.</summary>
public sealed class User
{
    /// <summary>User id in the container.</summary>
    [JsonPropertyName("uid")]
    public uint? Uid { get; set; }

    /// <summary>Group id in the container.</summary>
    [JsonPropertyName("gid")]
    public uint? Gid { get; set; }

    /// <summary>Umask of the process.</summary>
    [JsonPropertyName("umask")]
    public uint? Umask { get; set; }

    /// <summary>Supplementary group ids.</summary>
    [JsonPropertyName("additionalGids")]
    public List<uint>? AdditionalGids { get; set; }

    /// <summary>User name (Windows only).</summary>
    [JsonPropertyName("username")]
    public string? Username { get; set; }

    /// <summary>Fields this version does not know, kept so that they survive a load and save.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
