using System.Text.Json.Serialization;

namespace Hull.Cgroups;

/// <summary>What a manager needs to be re-created later; stored in the container's state.json.</summary>
public sealed record CgroupState
{
    /// <summary>"cgroupfs" or "systemd".</summary>
    [JsonPropertyName("driver")]
    public string Driver { get; init; } = CgroupDrivers.Cgroupfs;

    /// <summary>"v1", "v2" or "hybrid".</summary>
    [JsonPropertyName("layout")]
    public string Layout { get; init; } = "v1";

    /// <summary>The cgroup directory in each hierarchy, keyed by <see cref="CgroupMount.Key"/> ("" is the cgroup2 one).</summary>
    [JsonPropertyName("paths")]
    public Dictionary<string, string> Paths { get; init; } = [];

    /// <summary>Mount point of the cgroup2 hierarchy, if any.</summary>
    [JsonPropertyName("unifiedMount")]
    public string? UnifiedMount { get; init; }

    /// <summary>Controllers managed through the cgroup2 directory in the hybrid layout (those without a v1 hierarchy).</summary>
    [JsonPropertyName("unifiedControllers")]
    public List<string>? UnifiedControllers { get; init; }

    /// <summary>The slice the systemd unit is in.</summary>
    [JsonPropertyName("slice")]
    public string? Slice { get; init; }

    /// <summary>The systemd unit (scope or slice) of the systemd driver.</summary>
    [JsonPropertyName("unit")]
    public string? Unit { get; init; }
}

/// <summary>Names of the cgroup drivers.</summary>
public static class CgroupDrivers
{
    public const string Cgroupfs = "cgroupfs";
    public const string Systemd = "systemd";
}
