using System.Text.Json.Serialization;

namespace Hull.Runtime.State;

/// <summary>What Hull keeps about a container in its state directory (state.json).</summary>
public sealed class ContainerRecord
{
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    [JsonPropertyName("bundle")]
    public required string Bundle { get; init; }

    [JsonPropertyName("rootfs")]
    public required string Rootfs { get; init; }

    [JsonPropertyName("init_pid")]
    public int InitPid { get; set; }

    [JsonPropertyName("init_start_time")]
    public ulong InitStartTime { get; set; }

    [JsonPropertyName("created")]
    public DateTimeOffset Created { get; init; }

    [JsonPropertyName("owner")]
    public string Owner { get; init; } = "";

    [JsonPropertyName("annotations")]
    public Dictionary<string, string>? Annotations { get; init; }

    /// <summary>The container's cgroup, as its manager needs it to be re-created.</summary>
    [JsonPropertyName("cgroup")]
    public Hull.Cgroups.CgroupState Cgroup { get; init; } = new();

    [JsonPropertyName("systemd_cgroup")]
    public bool SystemdCgroup { get; init; }

    [JsonPropertyName("rootless")]
    public bool Rootless { get; init; }

    /// <summary>The config's poststart hooks, kept here so that `start` need not read the whole config.</summary>
    [JsonPropertyName("poststart")]
    public List<Hull.Spec.Hook>? Poststart { get; init; }

    /// <summary>The config's poststop hooks, kept here so that `delete` need not read the whole config.</summary>
    [JsonPropertyName("poststop")]
    public List<Hull.Spec.Hook>? Poststop { get; init; }

    [JsonIgnore]
    public ProcessIdentity Init => new(InitPid, InitStartTime);
}

[JsonSourceGenerationOptions(WriteIndented = false, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ContainerRecord))]
internal sealed partial class StateJsonContext : JsonSerializerContext;
