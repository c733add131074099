using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hull.Spec;

/// <summary>Scheduling attributes of a process (<c>sched_setattr</c>).</summary>
public sealed class Scheduler
{
    /// <summary>Policy, e.g. <c>SCHED_OTHER</c>.</summary>
    [JsonPropertyName("policy")]
    public string? Policy { get; set; }

    /// <summary>Nice value.</summary>
    [JsonPropertyName("nice")]
    public int? Nice { get; set; }

    /// <summary>Static priority.</summary>
    [JsonPropertyName("priority")]
    public int? Priority { get; set; }

    /// <summary>Flags, e.g. <c>SCHED_FLAG_RESET_ON_FORK</c>.</summary>
    [JsonPropertyName("flags")]
    public List<string>? Flags { get; set; }

    /// <summary>SCHED_DEADLINE runtime in nanoseconds.</summary>
    [JsonPropertyName("runtime")]
    public ulong? Runtime { get; set; }

    /// <summary>SCHED_DEADLINE deadline in nanoseconds.</summary>
    [JsonPropertyName("deadline")]
    public ulong? Deadline { get; set; }

    /// <summary>SCHED_DEADLINE period in nanoseconds.</summary>
    [JsonPropertyName("period")]
    public ulong? Period { get; set; }

    /// <summary>Fields this version does not know, kept so that they survive a load and save.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
