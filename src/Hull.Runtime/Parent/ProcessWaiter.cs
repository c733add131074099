using Hull.Linux;
using Hull.Runtime.Store;
using Microsoft.Win32.SafeHandles;

namespace Hull.Runtime.Parent;

/// <summary>Waits for a process that need not be our child to exit, through a pidfd.</summary>
internal static class ProcessWaiter
{
    public static bool WaitUntilGone(ProcessIdentity process, TimeSpan? timeout = null)
    {
        if (!process.IsAlive())
            return true;
        var limit = timeout ?? TimeSpan.FromSeconds(10);
        SafeFileHandle? pidfd;
        try
        {
            pidfd = Syscall.PidfdOpen(process.Pid);
        }
        catch (SyscallException e) when (e.Errno == Errno.EINVAL)
        {
            // The kernel answers EINVAL, not ESRCH, for a process caught between its threads' exit and its release
            // (seen once on 6.1, deleting a created container whose multi-threaded init had just been killed).
            return PollUntilGone(process, limit);
        }
        using (pidfd)
        {
            if (pidfd is null)
                return true;
            // The pid was checked against its start time just before it was opened, so the pidfd is this process.
            return Syscall.Poll([pidfd], Syscall.POLLIN, (int)limit.TotalMilliseconds)[0] != 0 || !process.IsAlive();
        }
    }

    private static bool PollUntilGone(ProcessIdentity process, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (process.IsAlive())
        {
            if (DateTime.UtcNow >= deadline)
                return false;
            Thread.Sleep(5);
        }
        return true;
    }
}
