namespace Hull.Cgroups;

/// <summary>
/// Detects the host's cgroup layout from mountinfo and makes the manager that fits it. The mountinfo and
/// /proc/self/cgroup paths are parameters, so tests can point them at a fake tree.
/// </summary>
public sealed class CgroupFactory
{
    private readonly string _ownCgroupPath;

    public CgroupFactory(string mountinfoPath = "/proc/self/mountinfo", string ownCgroupPath = "/proc/self/cgroup")
    {
        _ownCgroupPath = ownCgroupPath;
        Mounts = CgroupMount.Read(mountinfoPath);
        Layout = CgroupLayoutDetector.Detect(Mounts);
    }

    /// <summary>The mounted hierarchies.</summary>
    public IReadOnlyList<CgroupMount> Mounts { get; }

    public CgroupLayout Layout { get; }

    /// <summary>The manager for a container: cgroupfs with the spec's cgroupsPath, or the systemd driver ("slice:prefix:name").</summary>
    /// <param name="cgroupsPath">The spec's cgroupsPath; null for the default.</param>
    /// <param name="containerId">The container's id, which names its cgroup by default.</param>
    /// <param name="systemd">Use the systemd driver.</param>
    /// <param name="userSystemd">With the systemd driver: the unit is the user's own systemd's (rootless), not the system's.</param>
    public ICgroupManager ForContainer(string? cgroupsPath, string containerId, bool systemd = false, bool userSystemd = false)
    {
        if (Mounts.Count == 0)
            throw new CgroupException("no cgroup hierarchy is mounted");
        if (systemd)
            return userSystemd ? Systemd.SystemdCgroupManager.CreateForUser(this, cgroupsPath, containerId) : Systemd.SystemdCgroupManager.Create(this, cgroupsPath, containerId);
        var paths = CgroupPaths.Resolve(Mounts, cgroupsPath, containerId, CgroupPaths.ReadProcCgroup(_ownCgroupPath));
        return ForPaths(paths);
    }

    /// <summary>A cgroupfs manager for the cgroups a process is in: a container that another runtime created.</summary>
    public ICgroupManager ForProcess(int pid)
    {
        var cgroups = CgroupPaths.ReadProcCgroup($"/proc/{pid}/cgroup");
        if (cgroups.Count == 0)
            throw new CgroupException($"process {pid} is gone or in no cgroup");
        var paths = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var mount in Mounts)
        {
            if ((mount.Unified || mount.Controllers.Count > 0) && cgroups.TryGetValue(mount.Key, out string? path))
                paths[mount.Key] = CgroupPaths.Resolve([mount], path, "", new Dictionary<string, string>())[mount.Key];
        }
        return ForPaths(paths);
    }

    /// <summary>A cgroupfs manager for given directories per hierarchy key, in this host's layout.</summary>
    public ICgroupManager ForPaths(IReadOnlyDictionary<string, string> paths)
    {
        var unifiedMount = Mounts.FirstOrDefault(m => m.Unified);
        return Layout switch
        {
            CgroupLayout.V2 => new V2CgroupManager(paths[""], unifiedMount!.MountPoint),
            CgroupLayout.Hybrid => new HybridCgroupManager(new V1CgroupManager(paths), new V2CgroupManager(paths[""], unifiedMount!.MountPoint, UnifiedOnlyControllers(unifiedMount))),
            _ => new V1CgroupManager(paths),
        };
    }

    /// <summary>The controllers of the cgroup2 mount that no v1 hierarchy carries (v2 names: "io", not "blkio").</summary>
    public List<string> UnifiedOnlyControllers(CgroupMount unified)
    {
        var v1 = Mounts.Where(m => !m.Unified).SelectMany(m => m.Controllers).ToHashSet(StringComparer.Ordinal);
        string available = CgroupFile.Read(unified.MountPoint, "cgroup.controllers") ?? "";
        return available.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(c => !v1.Contains(ResourceParts.V1Name(c))).ToList();
    }

    /// <summary>Re-creates a manager from what <see cref="ICgroupManager.State"/> returned; reads nothing of the host.</summary>
    public static ICgroupManager FromState(CgroupState state)
    {
        if (state.Driver == CgroupDrivers.Systemd)
            return Systemd.SystemdCgroupManager.FromState(state);
        return FsFromState(state);
    }

    internal static ICgroupManager FsFromState(CgroupState state)
    {
        string mount = state.UnifiedMount ?? "/sys/fs/cgroup";
        return state.Layout switch
        {
            "v2" => new V2CgroupManager(state.Paths[""], mount, state.UnifiedControllers),
            "hybrid" => new HybridCgroupManager(new V1CgroupManager(state.Paths), new V2CgroupManager(state.Paths[""], mount, state.UnifiedControllers ?? [])),
            _ => new V1CgroupManager(state.Paths),
        };
    }
}
