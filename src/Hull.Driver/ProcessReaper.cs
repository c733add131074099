using System.Runtime.InteropServices;
using Hull.Cgroups;
using Hull.Linux;
using Microsoft.Win32.SafeHandles;

namespace Hull.Driver;

/// <summary>
/// Reaps this process's children on one thread, however many containers it runs: every watched process is a pidfd in
/// one epoll set, beside the OOM watchers of their cgroups. A watched process's status is taken exactly once, whoever
/// awaits it. The rest are orphans this subreaper adopted (what a container without a pid namespace left behind when
/// its parent died): nobody waits for them, so a sweep reaps every child that has stayed a zombie since the sweep
/// before, a second apart, which no waiting code of the runtime's or .NET's lets happen to its own.
/// </summary>
internal static class ProcessReaper
{
    private static bool s_drivenByCaller;
    private static readonly Lazy<ReaperLoop> Loop = new(() => new ReaperLoop(ownThread: !s_drivenByCaller));

    /// <summary>
    /// The raw wait status of <paramref name="pid"/>, once it has exited, and whether <paramref name="oom"/> (owned from
    /// now on) saw an OOM kill in its cgroup meanwhile: it is read as the kills happen, since a cgroup can be gone by
    /// the time the exit is seen (the systemd driver's scope is collected as soon as it empties).
    /// </summary>
    public static Task<(int Status, bool OomSeen)> Watch(int pid, OomWatcher? oom = null) => Loop.Value.Watch(pid, oom);

    /// <summary>Starts the sweep of adopted orphans, once per process; until then the loop sleeps while nothing exits.</summary>
    public static void SweepOrphans() => Loop.Value.SweepOrphans();

    /// <summary>
    /// Leaves the reaping to the caller's own loop, which polls <see cref="Readable"/> and calls <see cref="Dispatch"/>,
    /// so that no thread is started for it (the monitor, a process per container, runs on its main thread alone).
    /// Only before anything is watched.
    /// </summary>
    public static void DriveFromCallersLoop()
    {
        if (Loop.IsValueCreated)
            throw new InvalidOperationException("the reaper already runs on its own thread");
        s_drivenByCaller = true;
    }

    /// <summary>Readable when <see cref="Dispatch"/> has work.</summary>
    public static SafeHandle Readable => Loop.Value.Readable;

    /// <summary>How long the caller's loop may sleep before <see cref="Dispatch"/> is due anyway (the orphan sweep); -1: no limit.</summary>
    public static int DispatchDueInMilliseconds => Loop.Value.SweepDueInMilliseconds;

    /// <summary>Reaps what has exited and sweeps if due, waiting up to <paramref name="timeoutMs"/> for something to do.</summary>
    public static void Dispatch(int timeoutMs = 0) => Loop.Value.RunOnce(timeoutMs);

    private sealed class Watched(int pid, SafeFileHandle pidfd, OomWatcher? oom)
    {
        public int Pid { get; } = pid;
        public SafeFileHandle Pidfd { get; } = pidfd;
        public OomWatcher? Oom { get; set; } = oom;
        public bool OomSeen { get; set; }
        public TaskCompletionSource<(int, bool)> Exited { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>
    /// The epoll set, and the thread that waits on it unless the caller's loop does. A tag is a watch's number, doubled,
    /// plus one for its OOM watcher; the highest tag is the eventfd that wakes the loop to start sweeping.
    /// </summary>
    private sealed class ReaperLoop
    {
        private const ulong WakeTag = ulong.MaxValue;
        private static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(1);

        private readonly SafeFileHandle _epoll = Syscall.EpollCreate();
        private readonly SafeFileHandle _wake = Syscall.EventFd();
        private readonly Dictionary<ulong, Watched> _watched = [];
        private readonly Lock _lock = new();
        private readonly ulong[] _ready = new ulong[64];
        private readonly byte[] _counter = new byte[8];
        private ulong _next;
        private volatile bool _sweeping;
        private HashSet<(int Pid, ulong Start)> _zombies = [];
        private DateTime _nextSweep = DateTime.UtcNow + SweepInterval;

        public ReaperLoop(bool ownThread)
        {
            Syscall.EpollAdd(_epoll, _wake, Syscall.EPOLLIN, WakeTag);
            if (ownThread)
                new Thread(Run) { IsBackground = true, Name = "hull reaper" }.Start();
        }

        public SafeHandle Readable => _epoll;

        public int SweepDueInMilliseconds => _sweeping ? Math.Max(0, (int)(_nextSweep - DateTime.UtcNow).TotalMilliseconds) : -1;

        public void SweepOrphans()
        {
            if (_sweeping)
                return;
            _sweeping = true;
            Syscall.Write(_wake, BitConverter.GetBytes(1UL));
        }

        public Task<(int Status, bool OomSeen)> Watch(int pid, OomWatcher? oom)
        {
            var pidfd = Syscall.PidfdOpen(pid);
            if (pidfd is null)
            {
                oom?.Dispose();
                return Task.FromException<(int, bool)>(new SyscallException($"watch process {pid}", Errno.ESRCH));
            }
            var watched = new Watched(pid, pidfd, oom);
            lock (_lock)
            {
                ulong tag = _next++ * 2;
                _watched[tag] = watched;
                // Added after the entry exists: the loop may see the descriptor ready at once.
                Syscall.EpollAdd(_epoll, pidfd, Syscall.EPOLLIN, tag);
                if (oom is not null)
                    Syscall.EpollAdd(_epoll, oom.Readable, Syscall.EPOLLIN, tag + 1);
            }
            return watched.Exited.Task;
        }

        private void Run()
        {
            while (true)
                RunOnce(-1);
        }

        /// <summary>One round: waits up to <paramref name="timeoutMs"/> (or until the sweep is due), reaps, sweeps.</summary>
        public void RunOnce(int timeoutMs)
        {
            int due = SweepDueInMilliseconds;
            int timeout = timeoutMs < 0 ? due : due < 0 ? timeoutMs : Math.Min(timeoutMs, due);
            int n = Syscall.EpollWait(_epoll, _ready, timeout);
            for (int i = 0; i < n; i++)
            {
                if (_ready[i] == WakeTag)
                {
                    Syscall.Read(_wake, _counter);
                    continue;
                }
                Watched? watched;
                lock (_lock)
                    _watched.TryGetValue(_ready[i] & ~1UL, out watched);
                if (watched is null)
                    continue;
                if ((_ready[i] & 1) != 0)
                    ReadOom(watched);
                else
                    Reap(_ready[i], watched);
            }
            if (_sweeping && DateTime.UtcNow >= _nextSweep)
            {
                _zombies = SweepZombies(_zombies);
                _nextSweep = DateTime.UtcNow + SweepInterval;
            }
        }

        private void ReadOom(Watched watched)
        {
            if (watched.Oom is not { } oom)
                return;
            int events = oom.Wait(TimeSpan.Zero);
            watched.OomSeen |= events > 0;
            if (events < 0)
                StopOomWatch(watched);
        }

        private void StopOomWatch(Watched watched)
        {
            Syscall.EpollDelete(_epoll, watched.Oom!.Readable);
            watched.Oom.Dispose();
            watched.Oom = null;
        }

        private void Reap(ulong tag, Watched watched)
        {
            // An OOM kill and the exit it causes can come in one batch: the kill is read first.
            ReadOom(watched);
            if (watched.Oom is not null)
                StopOomWatch(watched);
            lock (_lock)
                _watched.Remove(tag);
            Syscall.EpollDelete(_epoll, watched.Pidfd);
            watched.Pidfd.Dispose();
            try
            {
                watched.Exited.SetResult((Syscall.WaitPid(watched.Pid)!.Value, watched.OomSeen));
            }
            catch (SyscallException e)
            {
                watched.Exited.SetException(e);
            }
        }

        /// <summary>Reaps the zombies that were already zombies at the sweep before; the zombies seen now.</summary>
        private HashSet<(int Pid, ulong Start)> SweepZombies(HashSet<(int Pid, ulong Start)> before)
        {
            var now = ZombieChildren();
            HashSet<int> watchedPids;
            lock (_lock)
                watchedPids = _watched.Values.Select(w => w.Pid).ToHashSet();
            foreach (var zombie in now)
            {
                if (before.Contains(zombie) && !watchedPids.Contains(zombie.Pid))
                    Syscall.WaitPid(zombie.Pid, Syscall.WNOHANG);
            }
            return now;
        }
    }

    /// <summary>
    /// This process's children that are zombies, by pid and start time: each thread's children list names them (an
    /// adopted orphan is listed under the thread that adopted it), so the cost follows the children, not the host.
    /// </summary>
    private static HashSet<(int Pid, ulong Start)> ZombieChildren()
    {
        var result = new HashSet<(int Pid, ulong Start)>();
        string self = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (string task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            string? children;
            try
            {
                children = Syscall.ReadSmallFile($"{task}/children");
            }
            catch (SyscallException)
            {
                continue;
            }
            foreach (string pid in (children ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                string? stat;
                try
                {
                    stat = Syscall.ReadSmallFile($"/proc/{pid}/stat");
                }
                catch (SyscallException)
                {
                    continue;
                }
                if (stat is null)
                    continue;
                string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (fields.Length > 19 && fields[0] == "Z" && fields[1] == self)
                    result.Add((int.Parse(pid, System.Globalization.CultureInfo.InvariantCulture), ulong.Parse(fields[19], System.Globalization.CultureInfo.InvariantCulture)));
            }
        }
        return result;
    }
}
