namespace Hull.Driver.Backends;

/// <summary>What a backend can do beyond create, start, signal, wait and delete, which every backend does.</summary>
public sealed record BackendFeatures
{
    /// <summary>Freezing and thawing the container (pause, resume).</summary>
    public required bool Pause { get; init; }

    /// <summary>Changing resources of a running container.</summary>
    public required bool Update { get; init; }

    /// <summary>Intel RDT schemas in <see cref="Container.Update"/>.</summary>
    public required bool IntelRdt { get; init; }

    /// <summary>The OOM killer's kills seen in exit statuses and events (needs the container's memory cgroup).</summary>
    public required bool OomKills { get; init; }

    /// <summary>A terminal for the container's process or an exec session (<see cref="StdioMode.Terminal"/>).</summary>
    public required bool Terminals { get; init; }

    /// <summary>Checkpoint and restore through CRIU (<see cref="Container.CheckpointAsync"/>, <see cref="ContainerHost.Restore"/>).</summary>
    public required bool Checkpoints { get; init; }

    /// <summary>Resource usage (<see cref="Container.Stats"/>, stats events).</summary>
    public required bool Stats { get; init; }

    /// <summary>
    /// The container's processes are host processes: <see cref="Container.Processes"/> lists them and stats count
    /// them. Under gVisor they live in its sandbox's own kernel: no host pids, and stats describe the whole sandbox.
    /// </summary>
    public required bool HostProcesses { get; init; }

    /// <summary>
    /// A process killed by a signal is reported as that signal. gVisor's sandbox exits with 128 plus the signal
    /// instead, which reads as an exit code.
    /// </summary>
    public required bool SignalDeaths { get; init; }

    /// <summary>
    /// Signals sent to an exec session reach its process. Under runsc the session's host process is runsc's own
    /// proxy, which a signal ends instead.
    /// </summary>
    public required bool ExecSignals { get; init; }
}
