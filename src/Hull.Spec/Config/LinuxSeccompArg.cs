using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hull.Spec;

/// <summary>A seccomp condition on one syscall argument.</summary>
public sealed class LinuxSeccompArg
{
    /// <summary>Argument index (0-5).</summary>
    [JsonPropertyName("index")]
    public uint? Index { get; set; }

    /// <summary>Value compared with.</summary>
    [JsonPropertyName("value")]
    public ulong? Value { get; set; }

    /// <summary>Second value, for SCMP_CMP_MASKED_EQ.</summary>
    [JsonPropertyName("valueTwo")]
    public ulong? ValueTwo { get; set; }

    /// <summary>Operator, e.g. <c>SCMP_CMP_EQ</c>.</summary>
    [JsonPropertyName("op")]
    public string? Op { get; set; }

    /// <summary>Fields this version does not know, kept so that they survive a load and save.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
