namespace Hull.Cgroups;

/// <summary>
/// The event loop behind `events`: an "oom" event as soon as one happens, and a "stats" event every interval,
/// until the cgroup goes away or the caller cancels. Each event is runc-shaped (<see cref="CgroupEvent.ToJson"/>).
/// </summary>
public static class CgroupEventStream
{
    /// <summary>One "stats" event, as `events --stats` prints it; <paramref name="intelRdt"/> reads the container's RDT figures, if it has any.</summary>
    public static CgroupEvent StatsEvent(ICgroupManager cgroup, string id, Func<IntelRdtStats>? intelRdt = null)
    {
        var stats = cgroup.Stats();
        if (intelRdt is not null)
            stats.IntelRdt = intelRdt();
        return new() { Type = "stats", Id = id, Data = stats };
    }

    /// <summary>Emits events until the cgroup is gone or <paramref name="cancel"/> fires; OOM watching is skipped where the kernel cannot.</summary>
    public static void Run(ICgroupManager cgroup, string id, TimeSpan interval, Action<CgroupEvent> emit, CancellationToken cancel, Func<IntelRdtStats>? intelRdt = null)
    {
        OomWatcher? oom = null;
        try
        {
            oom = cgroup.WatchOom();
        }
        catch (CgroupException)
        {
            // No memory controller: stats only.
        }
        using (oom)
        {
            // As runc's: the first stats after one interval.
            var next = DateTime.UtcNow + interval;
            while (!cancel.IsCancellationRequested)
            {
                if (DateTime.UtcNow >= next)
                {
                    if (cgroup.Pids().Count == 0 && !cgroup.Paths.Values.Any(Directory.Exists))
                        return;
                    CgroupEvent stats;
                    try
                    {
                        stats = StatsEvent(cgroup, id, intelRdt);
                    }
                    catch (Exception e) when (e is IOException or CgroupException && !cgroup.Paths.Values.Any(Directory.Exists))
                    {
                        // Removed while its files were read: the container is gone, and its stream ends.
                        return;
                    }
                    emit(stats);
                    next = DateTime.UtcNow + interval;
                }
                var wait = next - DateTime.UtcNow;
                // Short slices, so that cancellation is noticed.
                var slice = wait < TimeSpan.FromMilliseconds(200) ? wait : TimeSpan.FromMilliseconds(200);
                if (oom is null)
                {
                    Thread.Sleep(slice < TimeSpan.Zero ? TimeSpan.Zero : slice);
                    continue;
                }
                int events = oom.Wait(slice < TimeSpan.Zero ? TimeSpan.Zero : slice);
                if (events < 0)
                    return;
                for (int i = 0; i < events; i++)
                    emit(new CgroupEvent { Type = "oom", Id = id });
            }
        }
    }
}
