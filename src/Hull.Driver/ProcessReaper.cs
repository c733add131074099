using System.Collections.Concurrent;
using Hull.Cgroups;
using Hull.Linux;

namespace Hull.Driver;

/// <summary>
/// Reaps this process's children. A container process is waited for on a thread of its own, so its status is taken
/// exactly once, whoever awaits it. The rest are orphans this subreaper adopted (what a container without a pid
/// namespace left behind when its parent died): nobody waits for them, so a sweep reaps every child that has stayed a
/// zombie since the sweep before, a second apart, which no waiting code of the runtime's or .NET's lets happen to its own.
/// </summary>
internal static class ProcessReaper
{
    private static readonly ConcurrentDictionary<int, byte> Watched = new();
    private static readonly Lazy<Thread> Sweeper = new(StartSweeper);
    private static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The raw wait status of <paramref name="pid"/>, once it has exited, and whether <paramref name="oom"/> (owned from
    /// now on) saw an OOM kill in its cgroup meanwhile: it is read as the kills happen, since a cgroup can be gone by
    /// the time the exit is seen (the systemd driver's scope is collected as soon as it empties).
    /// </summary>
    public static Task<(int Status, bool OomSeen)> Watch(int pid, OomWatcher? oom = null)
    {
        Watched[pid] = 0;
        var exited = new TaskCompletionSource<(int, bool)>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                bool oomSeen = oom is not null && WatchOomUntilExit(pid, oom);
                exited.SetResult((Syscall.WaitPid(pid)!.Value, oomSeen));
            }
            catch (Exception e)
            {
                exited.SetException(e);
            }
            finally
            {
                Watched.TryRemove(pid, out _);
            }
        })
        { IsBackground = true, Name = $"reaper {pid}" };
        thread.Start();
        return exited.Task;
    }

    /// <summary>Waits for the process to exit (not reaping it) while reading OOM events; whether there was one.</summary>
    private static bool WatchOomUntilExit(int pid, OomWatcher oom)
    {
        using (oom)
        {
            using var process = Syscall.PidfdOpen(pid);
            bool seen = false;
            bool watching = true;
            while (process is not null)
            {
                short[] ready = Syscall.Poll(watching ? [process, oom.Readable] : [process], Syscall.POLLIN, -1);
                if (watching && ready[1] != 0)
                {
                    int events = oom.Wait(TimeSpan.Zero);
                    seen |= events > 0;
                    watching = events >= 0;
                }
                if (ready[0] != 0)
                    break;
            }
            return seen;
        }
    }

    /// <summary>Starts the sweep of adopted orphans, once per process.</summary>
    public static void SweepOrphans() => _ = Sweeper.Value;

    private static Thread StartSweeper()
    {
        var thread = new Thread(Sweep) { IsBackground = true, Name = "orphan reaper" };
        thread.Start();
        return thread;
    }

    private static void Sweep()
    {
        var seen = new HashSet<(int Pid, ulong Start)>();
        while (true)
        {
            Thread.Sleep(SweepInterval);
            var now = ZombieChildren();
            foreach (var zombie in now)
            {
                if (seen.Contains(zombie) && !Watched.ContainsKey(zombie.Pid))
                    Syscall.WaitPid(zombie.Pid, Syscall.WNOHANG);
            }
            seen = now;
        }
    }

    /// <summary>This process's children that are zombies, by pid and start time.</summary>
    private static HashSet<(int Pid, ulong Start)> ZombieChildren()
    {
        var result = new HashSet<(int Pid, ulong Start)>();
        string self = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (string dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out int pid))
                continue;
            string? stat;
            try
            {
                stat = Syscall.ReadSmallFile($"{dir}/stat");
            }
            catch (SyscallException)
            {
                continue;
            }
            if (stat is null)
                continue;
            string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            if (fields.Length > 19 && fields[0] == "Z" && fields[1] == self)
                result.Add((pid, ulong.Parse(fields[19], System.Globalization.CultureInfo.InvariantCulture)));
        }
        return result;
    }
}
