using Hull.Runtime.State;

namespace Hull.Runtime.Lifecycle;

/// <summary>Waits for a process that need not be our child to disappear (or become a zombie).</summary>
internal static class ProcessWaiter
{
    public static bool WaitUntilGone(ProcessIdentity process, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (process.IsAlive())
        {
            if (DateTime.UtcNow > deadline)
                return false;
            Thread.Sleep(1);
        }
        return true;
    }
}
