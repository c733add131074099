using Hull.Spec;
using Microsoft.Win32.SafeHandles;

namespace Hull.Cgroups;

/// <summary>A container's cgroup, whatever the host's layout or driver: placement, resources, freezing, stats, OOM, removal.</summary>
public interface ICgroupManager
{
    /// <summary>What to store to re-create this manager with <see cref="CgroupFactory.FromState"/>.</summary>
    CgroupState State { get; }

    /// <summary>The cgroup directory in each hierarchy, keyed by <see cref="CgroupMount.Key"/> ("" is the cgroup2 one).</summary>
    IReadOnlyDictionary<string, string> Paths { get; }

    /// <summary>
    /// Creates the cgroup2 directory and opens it for a process to be forked into (CLONE_INTO_CGROUP), instead of
    /// being moved there by pid. Where cgroup2 accounts memory, the runtime's start in the child (about 1 MiB) is then
    /// charged to the cgroup, so that happens only when <paramref name="startChargeable"/>; otherwise, and without a
    /// cgroup2 hierarchy, this is null and the child is moved once its start is done.
    /// </summary>
    SafeFileHandle? OpenForkDirectory(bool startChargeable);

    /// <summary>
    /// Opens what lets a process join the cgroup without a move by pid (see <see cref="CgroupJoinFiles"/>), creating
    /// the cgroup there first: the v1 tasks files, with <paramref name="forkedIntoCgroup2"/> when the process is forked
    /// into the directory <see cref="OpenForkDirectory"/> gave. A move by pid takes the kernel's global threadgroup
    /// lock, whose RCU grace period costs milliseconds and stalls every fork meanwhile; a thread moving itself, or a
    /// fork into the cgroup, does not.
    /// </summary>
    CgroupJoinFiles OpenSelfJoin(bool forkedIntoCgroup2);

    /// <summary>
    /// Creates the cgroup where missing and moves the process into it, except into what <paramref name="joined"/>
    /// (from <see cref="OpenSelfJoin"/>) takes it into.
    /// </summary>
    void Apply(int pid, CgroupJoinFiles? joined = null);

    /// <summary>Writes every resource that is set (create and update alike); unset values are left alone.</summary>
    void Set(LinuxResources resources);

    /// <summary>The pids in the cgroup and all its sub-cgroups.</summary>
    IReadOnlyList<int> Pids();

    /// <summary>Freezes every process and waits until the kernel reports the cgroup frozen.</summary>
    void Freeze();

    /// <summary>Thaws the cgroup and waits until it is no longer frozen.</summary>
    void Thaw();

    /// <summary>Freezes where the cgroup can be frozen (it may have no freezer, or be gone); false where it was not.</summary>
    bool TryFreeze()
    {
        try
        {
            Freeze();
            return true;
        }
        catch (Exception e) when (e is CgroupException or IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Whether any of the cgroup's directories is still there.</summary>
    bool Exists() => Paths.Values.Any(Directory.Exists);

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
