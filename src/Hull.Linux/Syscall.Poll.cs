using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Hull.Linux;

/// <summary>pidfds and poll(2): waiting for processes and descriptors without sleeping in loops.</summary>
public static partial class Syscall
{
    public const short POLLIN = 0x1;
    public const short POLLOUT = 0x4;
    public const short POLLHUP = 0x10;

    /// <summary>A pidfd for a process (readable once it exits); null when it no longer exists.</summary>
    public static SafeFileHandle? PidfdOpen(int pid)
    {
        // The kernel answers EINVAL, not ESRCH, for a process caught while it is torn down (its thread group no longer
        // linked to the pid, seen on 6.1 deleting a just-killed multi-threaded init); asked again, it answers for
        // what the process has become. A thread's id stays EINVAL and is reported after the retries.
        for (int attempt = 0; ; attempt++)
        {
            long fd = Interop.syscall(Interop.SYS_pidfd_open, pid, 0, 0, 0, 0);
            if (fd >= 0)
                return new SafeFileHandle((nint)fd, ownsHandle: true);
            int errno = Errno.Last();
            if (errno == Errno.ESRCH)
                return null;
            if (errno != Errno.EINVAL || attempt == PidfdRetries)
                throw new SyscallException($"pidfd_open {pid}", errno);
            Thread.Sleep(1);
        }
    }

    private const int PidfdRetries = 100;

    /// <summary>Waits until one of the descriptors is ready for <paramref name="events"/>; returns each one's revents (all zero on timeout).</summary>
    public static unsafe short[] Poll(IReadOnlyList<SafeHandle> fds, short events, int timeoutMs)
    {
        var entries = stackalloc PollFd[fds.Count];
        for (int i = 0; i < fds.Count; i++)
            entries[i] = new PollFd { Fd = (int)fds[i].DangerousGetHandle(), Events = events };
        return Poll(entries, fds.Count, timeoutMs);
    }

    /// <summary>Waits until one of the descriptors is ready for its own events; returns each one's revents (all zero on timeout).</summary>
    public static unsafe short[] Poll(IReadOnlyList<(SafeHandle Fd, short Events)> fds, int timeoutMs)
    {
        var entries = stackalloc PollFd[fds.Count];
        for (int i = 0; i < fds.Count; i++)
            entries[i] = new PollFd { Fd = (int)fds[i].Fd.DangerousGetHandle(), Events = fds[i].Events };
        return Poll(entries, fds.Count, timeoutMs);
    }

    private static unsafe short[] Poll(PollFd* entries, int count, int timeoutMs)
    {
        while (Native.poll(entries, (nuint)count, timeoutMs) < 0)
        {
            int errno = Errno.Last();
            if (errno != Errno.EINTR)
                throw new SyscallException("poll", errno);
        }
        var result = new short[count];
        for (int i = 0; i < count; i++)
            result[i] = entries[i].Revents;
        return result;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    private static unsafe partial class Native
    {
        [LibraryImport(Interop.Libc, SetLastError = true)]
        internal static partial int poll(PollFd* fds, nuint count, int timeout);
    }
}
