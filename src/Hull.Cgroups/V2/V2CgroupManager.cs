using Hull.Linux;
using Hull.Spec;
using Microsoft.Win32.SafeHandles;

namespace Hull.Cgroups;

/// <summary>cgroup v2 through cgroupfs: one directory in the unified hierarchy.</summary>
public sealed class V2CgroupManager : ICgroupManager
{
    private readonly string? _controllersToEnable;

    /// <param name="dir">The cgroup's directory.</param>
    /// <param name="mountPoint">The cgroup2 mount it is under: controllers are enabled from there down.</param>
    /// <param name="controllers">The controllers to enable for it; null means all the mount offers.</param>
    public V2CgroupManager(string dir, string mountPoint, IReadOnlyCollection<string>? controllers = null)
    {
        Dir = dir;
        MountPoint = mountPoint;
        Controllers = controllers;
        _controllersToEnable = controllers is null ? null : string.Join(' ', controllers);
    }

    public string Dir { get; }

    public string MountPoint { get; }

    /// <summary>The controllers this manager enables (all when null).</summary>
    public IReadOnlyCollection<string>? Controllers { get; }

    public CgroupState State => new()
    {
        Layout = "v2",
        Paths = new Dictionary<string, string>(StringComparer.Ordinal) { [""] = Dir },
        UnifiedMount = MountPoint,
        UnifiedControllers = Controllers?.ToList(),
    };

    public IReadOnlyDictionary<string, string> Paths => new Dictionary<string, string>(StringComparer.Ordinal) { [""] = Dir };

    public SafeFileHandle? OpenForkDirectory(bool startChargeable) =>
        startChargeable || Controllers?.Contains("memory") == false ? OpenForFork() : null;

    public CgroupJoinFiles OpenSelfJoin(bool forkedIntoCgroup2) =>
        forkedIntoCgroup2 ? new CgroupJoinFiles([], forkedIntoCgroup2, coverEveryHierarchy: true) : CgroupJoinFiles.None;

    public void Apply(int pid, CgroupJoinFiles? joined = null)
    {
        if (joined?.ForkedIntoCgroup2 == true)
            return;
        Create();
        V1CgroupManager.JoinProcess(Dir, pid);
    }

    /// <summary>Creates the cgroup and opens its directory for a fork into it (CLONE_INTO_CGROUP).</summary>
    private SafeFileHandle OpenForFork()
    {
        Create();
        return Syscall.Open(Dir, Syscall.O_RDONLY | Syscall.O_DIRECTORY | Syscall.O_CLOEXEC);
    }

    private void Create()
    {
        EnableControllers();
        Directory.CreateDirectory(Dir);
    }

    /// <summary>
    /// Enables the controllers in cgroup.subtree_control of every ancestor, from the mount down to the parent,
    /// one at a time: a controller an ancestor cannot enable (e.g. held back by a threaded sub-tree) is left out
    /// rather than failing the container; asking for its files later gives the clear "does not exist" error.
    /// </summary>
    public void EnableControllers()
    {
        string relative = Path.GetRelativePath(MountPoint, Dir);
        if (relative.StartsWith("..", StringComparison.Ordinal))
            throw new CgroupException($"cgroup {Dir} is not under the cgroup2 mount {MountPoint}");
        string current = MountPoint;
        var wanted = _controllersToEnable?.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        foreach (string part in relative == "." ? [] : relative.Split('/'))
        {
            Directory.CreateDirectory(current);
            string[] available = (CgroupFile.Read(current, "cgroup.controllers") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
            string[] enabled = (CgroupFile.Read(current, "cgroup.subtree_control") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
            foreach (string controller in available)
            {
                if (enabled.Contains(controller) || wanted is not null && !wanted.Contains(controller))
                    continue;
                try
                {
                    CgroupFile.Write(current, "cgroup.subtree_control", "+" + controller);
                }
                catch (CgroupException)
                {
                    // See above: left out on purpose.
                }
            }
            current = Path.Combine(current, part);
        }
    }

    public void Set(LinuxResources resources)
    {
        var rest = ResourceParts.Only(resources, c => c != "devices");
        V2Resources.Set(Dir, rest);
        if (resources.Devices is { } devices)
            V2Devices.Set(Dir, devices);
    }

    public IReadOnlyList<int> Pids() => CgroupTree.Pids(Dir);

    public bool IsFrozen() => CgroupFile.Read(Dir, "cgroup.freeze") == "1";

    /// <summary>Writes cgroup.freeze and waits for cgroup.events to report "frozen 1".</summary>
    public void Freeze()
    {
        CgroupFile.Write(Dir, "cgroup.freeze", "1");
        if (!CgroupTree.WaitFor(() => Frozen() != false, TimeSpan.FromSeconds(10)))
        {
            CgroupFile.Write(Dir, "cgroup.freeze", "0");
            throw new CgroupException($"cannot freeze {Dir}: cgroup.events never reported frozen 1");
        }
    }

    public void Thaw()
    {
        if (!Directory.Exists(Dir) || !CgroupFile.Exists(Dir, "cgroup.freeze"))
            return;
        if (!WriteUnlessRemoved("cgroup.freeze", "0"))
            return;
        if (!CgroupTree.WaitFor(() => Frozen() != true, TimeSpan.FromSeconds(10)))
            throw new CgroupException($"cannot thaw {Dir}: cgroup.events still reports frozen 1");
    }

    /// <summary>Writes a control file; false when the cgroup was removed meanwhile (systemd stops a scope as soon as its last process is gone).</summary>
    private bool WriteUnlessRemoved(string file, string value)
    {
        try
        {
            CgroupFile.Write(Dir, file, value);
            return true;
        }
        catch (CgroupException) when (!Directory.Exists(Dir))
        {
            return false;
        }
    }

    /// <summary>cgroup.events "frozen"; null when the kernel does not report it.</summary>
    private bool? Frozen() =>
        CgroupFile.ReadFlatKeyed(Dir, "cgroup.events").TryGetValue("frozen", out ulong frozen) ? frozen == 1 : null;

    public CgroupStats Stats() => V2Stats.Read(Dir);

    public ulong OomKillCount() => CgroupFile.ReadFlatKeyed(Dir, "memory.events").GetValueOrDefault("oom_kill");

    public OomWatcher WatchOom()
    {
        if (!CgroupFile.Exists(Dir, "memory.events"))
            throw new CgroupException($"cannot watch OOM events: {Path.Combine(Dir, "memory.events")} does not exist (memory controller not enabled)");
        return new V2OomWatcher(Dir);
    }

    /// <summary>Thaws, kills what is left (cgroup.kill where the kernel has it), and removes the tree.</summary>
    public void Destroy()
    {
        if (!Directory.Exists(Dir))
            return;
        Thaw();
        if (CgroupFile.Exists(Dir, "cgroup.kill") && Pids().Count > 0 && !WriteUnlessRemoved("cgroup.kill", "1"))
            return;
        CgroupTree.KillAll(Pids, Dir);
        CgroupTree.Remove(Dir);
    }
}
