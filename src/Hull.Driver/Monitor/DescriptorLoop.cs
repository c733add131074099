using System.Runtime.InteropServices;
using Hull.Linux;

namespace Hull.Driver.Monitor;

/// <summary>
/// The monitor's one event loop (epoll, level-triggered): each watched descriptor has the action to run when it is
/// ready, so a wakeup costs the descriptors that are ready, not all the monitor holds (a thousand containers' pipes,
/// sockets and pidfds).
/// </summary>
internal sealed class DescriptorLoop : IDisposable
{
    private readonly SafeHandle _epoll = Syscall.EpollCreate();
    private readonly Dictionary<ulong, Action> _actions = [];
    private readonly Dictionary<SafeHandle, ulong> _tags = [];
    private readonly ulong[] _ready = new ulong[64];
    private readonly SafeHandle _wake = Syscall.EventFd();
    private readonly byte[] _counter = new byte[8];
    private ulong _nextTag;

    public DescriptorLoop() => Watch(_wake, Syscall.EPOLLIN, () => Syscall.Read(_wake, _counter));

    /// <summary>Ends the loop's wait from any thread: what it looks at after each round may have changed (a task completed).</summary>
    public void Wake() => Syscall.Write(_wake, BitConverter.GetBytes(1UL));

    /// <summary>Runs <paramref name="ready"/> whenever <paramref name="fd"/> is ready for <paramref name="events"/>, until unwatched.</summary>
    public void Watch(SafeHandle fd, uint events, Action ready)
    {
        ulong tag = ++_nextTag;
        Syscall.EpollAdd(_epoll, fd, events, tag);
        _actions[tag] = ready;
        _tags[fd] = tag;
    }

    /// <summary>Changes the events a watched <paramref name="fd"/> runs its action for.</summary>
    public void Change(SafeHandle fd, uint events) => Syscall.EpollModify(_epoll, fd, events, _tags[fd]);

    public bool IsWatched(SafeHandle fd) => _tags.ContainsKey(fd);

    /// <summary>Stops watching <paramref name="fd"/>; one already closed left the set with its last descriptor.</summary>
    public void Unwatch(SafeHandle fd)
    {
        if (!_tags.Remove(fd, out ulong tag))
            return;
        _actions.Remove(tag);
        if (!fd.IsClosed)
            Syscall.EpollDelete(_epoll, fd);
    }

    /// <summary>Waits up to <paramref name="timeoutMs"/> (negative: forever) and runs the ready descriptors' actions; how many ran.</summary>
    public int RunOnce(int timeoutMs)
    {
        int n = Syscall.EpollWait(_epoll, _ready, timeoutMs);
        int ran = 0;
        for (int i = 0; i < n; i++)
        {
            // An earlier action of this round may have unwatched it.
            if (!_actions.TryGetValue(_ready[i], out var action))
                continue;
            ran++;
            try
            {
                action();
            }
            catch (Exception)
            {
                // One container's trouble (its log's disk full, say) is its own: the others are served on.
            }
        }
        return ran;
    }

    public void Dispose()
    {
        _epoll.Dispose();
        _wake.Dispose();
    }
}
