using System.Runtime.InteropServices;
using Hull.Linux;
using Microsoft.Win32.SafeHandles;

namespace Hull.Cgroups;

/// <summary>Watches a cgroup for OOM events; dispose to stop. One watcher serves one reader.</summary>
public abstract class OomWatcher : IDisposable
{
    /// <summary>Waits up to <paramref name="timeout"/> (negative: forever); the number of new OOM events, 0 on timeout, -1 once the cgroup is gone.</summary>
    public abstract int Wait(TimeSpan timeout);

    /// <summary>Polls readable when <see cref="Wait"/> may have news, to wait for it beside other descriptors.</summary>
    public abstract SafeHandle Readable { get; }

    public abstract void Dispose();

    internal static int Milliseconds(TimeSpan timeout) => timeout < TimeSpan.Zero ? -1 : (int)Math.Min(timeout.TotalMilliseconds, int.MaxValue);
}

/// <summary>v1: an eventfd registered for memory.oom_control through cgroup.event_control.</summary>
internal sealed class V1OomWatcher : OomWatcher
{
    private readonly string _dir;
    private readonly SafeFileHandle _eventFd;
    private readonly SafeFileHandle _oomControl;

    public V1OomWatcher(string memoryDir)
    {
        _dir = memoryDir;
        _eventFd = Syscall.EventFd();
        try
        {
            _oomControl = Syscall.Open(Path.Combine(memoryDir, "memory.oom_control"), Syscall.O_RDONLY | Syscall.O_CLOEXEC);
            CgroupFile.Write(memoryDir, "cgroup.event_control", $"{_eventFd.DangerousGetHandle()} {_oomControl.DangerousGetHandle()}");
        }
        catch (SyscallException e)
        {
            _eventFd.Dispose();
            throw new CgroupException($"watch OOM events of {memoryDir}: {e.Message}", e);
        }
    }

    public override SafeHandle Readable => _eventFd;

    public override int Wait(TimeSpan timeout)
    {
        if (!Syscall.PollReadable(_eventFd, Milliseconds(timeout)))
            return 0;
        Span<byte> counter = stackalloc byte[8];
        Syscall.Read(_eventFd, counter);
        // The eventfd also fires when the cgroup is removed.
        if (!CgroupFile.Exists(_dir, "cgroup.event_control"))
            return -1;
        return (int)Math.Min(BitConverter.ToUInt64(counter), int.MaxValue);
    }

    public override void Dispose()
    {
        _oomControl.Dispose();
        _eventFd.Dispose();
    }
}

/// <summary>v2: inotify on memory.events, counting increments of its "oom" field.</summary>
internal sealed class V2OomWatcher : OomWatcher
{
    private readonly string _dir;
    private readonly SafeFileHandle _inotify;
    private ulong _seen;

    public V2OomWatcher(string dir)
    {
        _dir = dir;
        _inotify = Syscall.InotifyInit();
        try
        {
            Syscall.InotifyAddWatch(_inotify, Path.Combine(dir, "memory.events"), Syscall.IN_MODIFY | Syscall.IN_DELETE_SELF);
        }
        catch (SyscallException e)
        {
            _inotify.Dispose();
            throw new CgroupException($"watch OOM events of {dir}: {e.Message}", e);
        }
        _seen = Count();
    }

    public override SafeHandle Readable => _inotify;

    public override int Wait(TimeSpan timeout)
    {
        var deadline = timeout < TimeSpan.Zero ? DateTime.MaxValue : DateTime.UtcNow + timeout;
        Span<byte> events = stackalloc byte[4096];
        while (true)
        {
            if (!CgroupFile.Exists(_dir, "memory.events"))
                return -1;
            ulong now = Count();
            if (now > _seen)
            {
                int delta = (int)Math.Min(now - _seen, int.MaxValue);
                _seen = now;
                return delta;
            }
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || !Syscall.PollReadable(_inotify, Milliseconds(left)))
                return 0;
            Syscall.Read(_inotify, events);
        }
    }

    private ulong Count() => CgroupFile.ReadFlatKeyed(_dir, "memory.events").GetValueOrDefault("oom");

    public override void Dispose() => _inotify.Dispose();
}
