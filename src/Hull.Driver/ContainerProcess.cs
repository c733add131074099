using Hull.Cgroups;
using Hull.Linux;

namespace Hull.Driver;

/// <summary>A process started in a container by this host: its pid, its stdio, and its exit status once it ends.</summary>
public class ContainerProcess
{
    private readonly Task<ExitStatus> _exited;

    internal ContainerProcess(int pid, ProcessIo io, Func<int, bool, ExitStatus> describeExit, OomWatcher? oom)
    {
        Pid = pid;
        Io = io;
        _exited = ReapAsync(pid, describeExit, oom);
    }

    /// <summary>The pid as the host sees it.</summary>
    public int Pid { get; }

    /// <summary>This program's side of the process's stdio.</summary>
    public ProcessIo Io { get; }

    /// <summary>True once the process has exited and been reaped.</summary>
    public bool HasExited => _exited.IsCompleted;

    /// <summary>Completes when the process exits, with its exit code or signal and whether the OOM killer ended it.</summary>
    public Task<ExitStatus> WaitAsync(CancellationToken cancel = default) => _exited.WaitAsync(cancel);

    /// <summary>Sends a signal to this process; false when it has already exited.</summary>
    public bool Signal(int signal) => !HasExited && Syscall.Kill(Pid, signal);

    private static async Task<ExitStatus> ReapAsync(int pid, Func<int, bool, ExitStatus> describeExit, OomWatcher? oom)
    {
        var (status, oomSeen) = await ProcessReaper.Watch(pid, oom).ConfigureAwait(false);
        return describeExit(status, oomSeen);
    }
}
