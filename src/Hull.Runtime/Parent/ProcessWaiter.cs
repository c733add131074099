using Hull.Linux;
using Hull.Runtime.Store;

namespace Hull.Runtime.Parent;

/// <summary>Waits for a process that need not be our child to exit, through a pidfd.</summary>
internal static class ProcessWaiter
{
    public static bool WaitUntilGone(ProcessIdentity process, TimeSpan? timeout = null)
    {
        if (!process.IsAlive())
            return true;
        using var pidfd = Syscall.PidfdOpen(process.Pid);
        if (pidfd is null)
            return true;
        // The pid was checked against its start time just before it was opened, so the pidfd is this process.
        int ms = (int)(timeout ?? TimeSpan.FromSeconds(10)).TotalMilliseconds;
        return Syscall.Poll([pidfd], Syscall.POLLIN, ms)[0] != 0 || !process.IsAlive();
    }
}
