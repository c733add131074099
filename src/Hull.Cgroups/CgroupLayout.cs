namespace Hull.Cgroups;

/// <summary>How the host mounts cgroups.</summary>
public enum CgroupLayout
{
    /// <summary>Only v1 hierarchies.</summary>
    V1,

    /// <summary>v1 controllers plus a cgroup2 mount holding the rest (systemd's "hybrid").</summary>
    Hybrid,

    /// <summary>One cgroup2 hierarchy.</summary>
    V2,
}

/// <summary>Tells the layout from the mounted hierarchies.</summary>
public static class CgroupLayoutDetector
{
    public static CgroupLayout Detect(IReadOnlyList<CgroupMount> mounts)
    {
        bool unified = mounts.Any(m => m.Unified);
        bool v1 = mounts.Any(m => !m.Unified);
        return (unified, v1) switch
        {
            (true, false) => CgroupLayout.V2,
            (true, true) => CgroupLayout.Hybrid,
            _ => CgroupLayout.V1,
        };
    }

    /// <summary>The name Hull stores for a layout: "v1", "v2" or "hybrid".</summary>
    public static string Name(CgroupLayout layout) => layout switch
    {
        CgroupLayout.V2 => "v2",
        CgroupLayout.Hybrid => "hybrid",
        _ => "v1",
    };
}
