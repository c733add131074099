using Hull.Cgroups;
using Hull.Runtime.Parent;
using Hull.Runtime.Store;

namespace Hull.Runtime;

/// <summary>
/// A container's events read from its cgroup (<see cref="CgroupEventStream"/>) until its init is gone: `hull events`,
/// and the library's backends for the containers other runtimes made.
/// </summary>
public static class ContainerEventStream
{
    /// <summary>An OOM kill is signalled as the process dies: the stream gets a moment to report it.</summary>
    private static readonly TimeSpan ExitGrace = TimeSpan.FromMilliseconds(300);

    /// <summary>Emits OOM events as they happen and stats every <paramref name="interval"/> until <paramref name="init"/> is gone, the cgroup is, or <paramref name="cancel"/> fires.</summary>
    public static void Run(ICgroupManager cgroup, string id, ProcessIdentity init, TimeSpan interval, Action<CgroupEvent> emit, CancellationToken cancel, Func<IntelRdtStats>? intelRdt = null)
    {
        // The watcher outlives this call where the stream ends first (its cgroup went away): what it cancels is
        // never disposed, only the link to it.
        var exited = new CancellationTokenSource();
        using var untilStopped = CancellationTokenSource.CreateLinkedTokenSource(cancel, exited.Token);
        var watcher = new Thread(() =>
        {
            ProcessWaiter.WaitUntilGone(init, Timeout.InfiniteTimeSpan);
            Thread.Sleep(ExitGrace);
            exited.Cancel();
        }) { IsBackground = true, Name = "container exit watcher" };
        watcher.Start();
        CgroupEventStream.Run(cgroup, id, interval, emit, untilStopped.Token, intelRdt);
    }
}
