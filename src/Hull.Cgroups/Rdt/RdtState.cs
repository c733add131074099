using Hull.Spec.Json;

namespace Hull.Cgroups;

/// <summary>
/// A container's resctrl groups, as state.json records them before they are made, so that a delete after a crash
/// knows what to remove and what to leave.
/// </summary>
public sealed class RdtState
{
    public static readonly ObjectCodec<RdtState> Codec = new ObjectCodec<RdtState>()
        .Add("root", JsonScalars.String, x => x.Root, (x, v) => x.Root = v ?? "")
        .Add("bandwidthInMBps", JsonScalars.Boolean, x => x.BandwidthInMBps, (x, v) => x.BandwidthInMBps = v ?? false)
        .Add("group", JsonScalars.String, x => x.Group, (x, v) => x.Group = v ?? "")
        .Add("monitorGroup", JsonScalars.String, x => x.MonitorGroup, (x, v) => x.MonitorGroup = v)
        .Add("madeGroup", JsonScalars.Boolean, x => x.MadeGroup, (x, v) => x.MadeGroup = v ?? false)
        .Add("shared", JsonScalars.Boolean, x => x.Shared, (x, v) => x.Shared = v ?? false);

    /// <summary>Where resctrl is mounted.</summary>
    public string Root { get; set; } = "";

    /// <summary>Whether resctrl was mounted with mba_MBps.</summary>
    public bool BandwidthInMBps { get; set; }

    public ResctrlMount Mount => new(Root, BandwidthInMBps);

    /// <summary>The CTRL_MON group the container's processes join: its closID's, or one named by its id.</summary>
    public string Group { get; set; } = "";

    /// <summary>The container's MON group (mon_groups/&lt;id&gt; under <see cref="Group"/>), with monitoring.</summary>
    public string? MonitorGroup { get; set; }

    /// <summary>Whether the group did not exist before this container's create, which makes it.</summary>
    public bool MadeGroup { get; set; }

    /// <summary>Whether the group is named by closID: others may share it, and delete leaves it (runtime-spec).</summary>
    public bool Shared { get; set; }
}
