using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hull.Spec;

/// <summary>I/O scheduling class and priority of a process.</summary>
public sealed class LinuxIOPriority
{
    /// <summary>Class: <c>IOPRIO_CLASS_RT</c>, <c>IOPRIO_CLASS_BE</c> or <c>IOPRIO_CLASS_IDLE</c>.</summary>
    [JsonPropertyName("class")]
    public string? Class { get; set; }

    /// <summary>Priority within the class (0-7).</summary>
    [JsonPropertyName("priority")]
    public int? Priority { get; set; }

    /// <summary>Fields this version does not know, kept so that they survive a load and save.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
