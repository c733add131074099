using System.Text.Json.Serialization;

namespace Hull.Cgroups;

/// <summary>One line of `events`: {"type":"stats"|"oom"|...,"id":...,"data":...} as runc prints it.</summary>
public sealed class CgroupEvent
{
    [JsonPropertyName("type")]
    public required string Type { get; init; }

    [JsonPropertyName("id")]
    public required string Id { get; init; }

    [JsonPropertyName("data")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public CgroupStats? Data { get; init; }

    /// <summary>The event as one JSON line (without the newline).</summary>
    public string ToJson() => System.Text.Json.JsonSerializer.Serialize(this, CgroupJsonContext.Default.CgroupEvent);
}

/// <summary>Source-generated JSON for the cgroup types (no reflection).</summary>
[JsonSerializable(typeof(CgroupEvent))]
[JsonSerializable(typeof(CgroupStats))]
[JsonSerializable(typeof(CgroupState))]
public sealed partial class CgroupJsonContext : JsonSerializerContext;
