using System.Text.Json.Serialization;
using Hull.Spec.Json;

namespace Hull.Cgroups;

/// <summary>What a manager needs to be re-created later; stored in the container's state.json.</summary>
public sealed record CgroupState
{
    public static readonly ObjectCodec<CgroupState> Codec = new ObjectCodec<CgroupState>()
        .Add("driver", JsonScalars.String, x => x.Driver, (x, v) => x.Driver = v ?? CgroupDrivers.Cgroupfs)
        .Add("layout", JsonScalars.String, x => x.Layout, (x, v) => x.Layout = v ?? "v1")
        .Add("paths", JsonScalars.StringMap, x => x.Paths, (x, v) => x.Paths = v ?? [])
        .Add("unifiedMount", JsonScalars.String, x => x.UnifiedMount, (x, v) => x.UnifiedMount = v)
        .Add("unifiedControllers", JsonScalars.Strings, x => x.UnifiedControllers, (x, v) => x.UnifiedControllers = v)
        .Add("slice", JsonScalars.String, x => x.Slice, (x, v) => x.Slice = v)
        .Add("unit", JsonScalars.String, x => x.Unit, (x, v) => x.Unit = v)
        .Add("systemdSocket", JsonScalars.String, x => x.SystemdSocket, (x, v) => x.SystemdSocket = v);

    /// <summary>"cgroupfs" or "systemd".</summary>
    [JsonPropertyName("driver")]
    public string Driver { get; set; } = CgroupDrivers.Cgroupfs;

    /// <summary>"v1", "v2" or "hybrid".</summary>
    [JsonPropertyName("layout")]
    public string Layout { get; set; } = "v1";

    /// <summary>The cgroup directory in each hierarchy, keyed by <see cref="CgroupMount.Key"/> ("" is the cgroup2 one).</summary>
    [JsonPropertyName("paths")]
    public Dictionary<string, string> Paths { get; set; } = [];

    /// <summary>Mount point of the cgroup2 hierarchy, if any.</summary>
    [JsonPropertyName("unifiedMount")]
    public string? UnifiedMount { get; set; }

    /// <summary>Controllers managed through the cgroup2 directory in the hybrid layout (those without a v1 hierarchy).</summary>
    [JsonPropertyName("unifiedControllers")]
    public List<string>? UnifiedControllers { get; set; }

    /// <summary>The slice the systemd unit is in.</summary>
    [JsonPropertyName("slice")]
    public string? Slice { get; set; }

    /// <summary>The systemd unit (scope or slice) of the systemd driver.</summary>
    [JsonPropertyName("unit")]
    public string? Unit { get; set; }

    /// <summary>The private socket of the systemd that holds the unit when it is a user's own (rootless); null: the system's.</summary>
    [JsonPropertyName("systemdSocket")]
    public string? SystemdSocket { get; set; }
}

/// <summary>Names of the cgroup drivers.</summary>
public static class CgroupDrivers
{
    public const string Cgroupfs = "cgroupfs";
    public const string Systemd = "systemd";
}
