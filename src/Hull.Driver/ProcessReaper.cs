using System.Collections.Concurrent;
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

    /// <summary>The raw wait status of <paramref name="pid"/>, once it has exited.</summary>
    public static Task<int> Watch(int pid)
    {
        Watched[pid] = 0;
        var exited = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                exited.SetResult(Syscall.WaitPid(pid)!.Value);
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
