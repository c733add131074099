using System.Runtime.InteropServices;
using Hull.Cgroups;
using Hull.Runtime;
using Hull.Runtime.Checkpoint;
using Hull.Spec;

namespace Hull.Driver.Backends;

/// <summary>
/// What a <see cref="Container"/> needs of the runtime underneath it: Hull in this process, or another runtime's
/// command line. Calls a backend cannot make throw <see cref="NotSupportedException"/>; <see cref="Features"/> says
/// which those are before anyone calls.
/// </summary>
internal interface IContainerBackend
{
    BackendFeatures Features { get; }

    /// <summary>
    /// Whether the process <see cref="Create"/> returns is the container's init, to be signalled directly; not where it
    /// is the runtime's (gVisor's sandbox, lxc-execute), which <see cref="Kill"/> reaches through.
    /// </summary>
    bool CreateReturnsInit { get; }

    /// <summary>Creates the container with its init on <paramref name="stdio"/> (or a terminal sent over <paramref name="consoleConnection"/>); returns the init's pid.</summary>
    int Create(ContainerRequest request, ProcessStdio? stdio, SafeHandle? consoleConnection);

    void Start(string id);

    /// <summary>Checkpoints the container with CRIU; its processes end with the dump unless it is left running.</summary>
    void Checkpoint(string id, CheckpointOptions options);

    /// <summary>Restores a container from a checkpoint, its init (this process's child) on <paramref name="stdio"/> or a terminal sent over <paramref name="consoleConnection"/>; returns the init's pid.</summary>
    int Restore(ContainerRequest request, RestoreOptions restore, ProcessStdio? stdio, SafeHandle? consoleConnection);

    /// <summary>A directory of the container's for as long as it exists, where a monitor keeps its files.</summary>
    string DirectoryOf(string id);

    ContainerInfo State(string id);

    IReadOnlyList<ContainerInfo> List();

    void Kill(string id, int signal, bool all);

    void Pause(string id);

    void Resume(string id);

    IReadOnlyList<int> Processes(string id);

    CgroupEvent Stats(string id);

    void Update(string id, LinuxResources resources, string? l3CacheSchema, string? memBwSchema);

    void Events(string id, TimeSpan interval, Action<CgroupEvent> emit, CancellationToken cancel);

    /// <summary>
    /// Starts <paramref name="process"/> in the container, as a child of this process; one without an environment of
    /// its own gets the container process's, as `docker exec` gives it. Returns its pid.
    /// </summary>
    int StartExec(string id, Process process, ProcessStdio? stdio, SafeHandle? consoleConnection);

    void Delete(string id, bool force);

    /// <summary>Drops what this backend keeps of a container that another process deletes (a long-lived monitor's).</summary>
    void Forget(string id)
    {
    }

    OomWatcher WatchOom(string id);

    ulong OomKillCount(string id);
}
