using Hull.Spec;

namespace Hull.Cgroups;

/// <summary>A container's cgroup, whatever the host's layout or driver: placement, resources, freezing, stats, OOM, removal.</summary>
public interface ICgroupManager
{
    /// <summary>What to store to re-create this manager with <see cref="CgroupFactory.FromState"/>.</summary>
    CgroupState State { get; }

    /// <summary>The cgroup directory in each hierarchy, keyed by <see cref="CgroupMount.Key"/> ("" is the cgroup2 one).</summary>
    IReadOnlyDictionary<string, string> Paths { get; }

    /// <summary>
    /// Opens the files through which a process's main thread moves itself in (a v1 hierarchy's <c>tasks</c>,
    /// written "0"), creating the cgroup there first. A thread that moves itself skips the kernel's global threadgroup
    /// lock, whose RCU grace period makes every move by pid take milliseconds and stalls every fork meanwhile.
    /// cgroup2 has no such file (a domain cgroup takes whole processes only): <see cref="CgroupTaskFiles.None"/> there.
    /// </summary>
    CgroupTaskFiles OpenSelfJoin();

    /// <summary>
    /// Creates the cgroup where missing and moves the process into it; with <paramref name="selfJoining"/>, only
    /// into the hierarchies <see cref="OpenSelfJoin"/> left out, the process joining the others itself.
    /// </summary>
    void Apply(int pid, bool selfJoining = false);

    /// <summary>Writes every resource that is set (create and update alike); unset values are left alone.</summary>
    void Set(LinuxResources resources);

    /// <summary>The pids in the cgroup and all its sub-cgroups.</summary>
    IReadOnlyList<int> Pids();

    /// <summary>Freezes every process and waits until the kernel reports the cgroup frozen.</summary>
    void Freeze();

    /// <summary>Thaws the cgroup and waits until it is no longer frozen.</summary>
    void Thaw();

    /// <summary>True when the cgroup is frozen or freezing.</summary>
    bool IsFrozen();

    /// <summary>Current usage counters in the shape runc's `events --stats` prints.</summary>
    CgroupStats Stats();

    /// <summary>How many processes the OOM killer has killed in this cgroup (0 where the kernel does not say).</summary>
    ulong OomKillCount();

    /// <summary>Starts watching for OOM events of this cgroup (v1: eventfd on memory.oom_control; v2: inotify on memory.events).</summary>
    OomWatcher WatchOom();

    /// <summary>Thaws, kills what is left, and removes the cgroup, children first.</summary>
    void Destroy();
}
