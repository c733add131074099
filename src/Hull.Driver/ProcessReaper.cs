using Hull.Linux;

namespace Hull.Driver;

/// <summary>
/// Waits for a child (or adopted orphan) of this process on a thread of its own, so the status is taken
/// exactly once and no zombie is left, whoever awaits it.
/// </summary>
internal static class ProcessReaper
{
    /// <summary>The raw wait status of <paramref name="pid"/>, once it has exited.</summary>
    public static Task<int> Watch(int pid)
    {
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
        })
        { IsBackground = true, Name = $"reaper {pid}" };
        thread.Start();
        return exited.Task;
    }
}
