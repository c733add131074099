using Hull.Cgroups;
using Hull.Linux;

namespace Hull.Driver.Backends;

/// <summary>A container's event stream read from its cgroup here, ended when the process this host watches exits.</summary>
internal static class EventsUntilExit
{
    /// <summary>An OOM kill is signalled as the process dies: the stream gets a moment to report it.</summary>
    private static readonly TimeSpan Grace = TimeSpan.FromMilliseconds(300);

    /// <summary>Emits OOM events and stats every <paramref name="interval"/> until <paramref name="pid"/> exits or <paramref name="cancel"/> fires.</summary>
    public static void Run(ICgroupManager cgroup, string id, int pid, TimeSpan interval, Action<CgroupEvent> emit, CancellationToken cancel)
    {
        using var pidfd = Syscall.PidfdOpen(pid);
        if (pidfd is null)
            return;
        using var exited = new CancellationTokenSource();
        using var untilExited = CancellationTokenSource.CreateLinkedTokenSource(cancel, exited.Token);
        var watcher = new Thread(() =>
        {
            Syscall.Poll([pidfd], Syscall.POLLIN, -1);
            Thread.Sleep(Grace);
            exited.Cancel();
        }) { IsBackground = true, Name = "container exit watcher" };
        watcher.Start();
        CgroupEventStream.Run(cgroup, id, interval, emit, untilExited.Token);
        watcher.Join();
    }
}
