using System.Diagnostics;
using System.Text;
using Hull.Linux;
using Hull.Spec;

namespace Hull.Runtime.Hooks;

/// <summary>Runs OCI hooks: the OCI state on stdin, the hook's own args and env, and its timeout.</summary>
public static class HookRunner
{
    /// <summary>Runs hooks in order; the first failure stops the rest and is thrown.</summary>
    public static void RunAll(IEnumerable<Hook>? hooks, string stateJson, string stage)
    {
        int index = 0;
        foreach (var hook in hooks ?? [])
        {
            Run(hook, stateJson, $"{stage} hook #{index}");
            index++;
        }
    }

    /// <summary>Runs every hook even when some fail, reporting each failure as a warning (poststart, poststop).</summary>
    public static void RunAllWarning(IEnumerable<Hook>? hooks, string stateJson, string stage)
    {
        int index = 0;
        foreach (var hook in hooks ?? [])
        {
            try
            {
                Run(hook, stateJson, $"{stage} hook #{index}");
            }
            catch (HullException e)
            {
                RuntimeLog.Warning(e.Message);
            }
            index++;
        }
    }

    private static void Run(Hook hook, string stateJson, string name)
    {
        string path = hook.Path ?? throw new HullException($"{name} has no path", ErrorKind.InvalidArgument);
        var (stdinRead, stdinWrite) = Syscall.Pipe();
        int pid;
        using (stdinRead)
        {
            int from = Syscall.Dup(stdinRead, 100);
            try
            {
                string[] argv = hook.Args is { Count: > 0 } args ? [.. args] : [path];
                pid = Syscall.Spawn(path, argv, hook.Env ?? [], [(from, 0)]);
            }
            catch (SyscallException e)
            {
                throw new HullException($"{name}: {e.Message}", ErrorKind.Failed, e);
            }
            finally
            {
                Syscall.CloseRaw(from);
            }
        }
        using (stdinWrite)
        {
            try
            {
                Syscall.Write(stdinWrite, Encoding.UTF8.GetBytes(stateJson));
            }
            catch (SyscallException)
            {
                // A hook need not read its stdin; if it exits first, the write fails with EPIPE.
            }
        }
        int status = Wait(pid, hook.Timeout, name);
        if (!WaitStatus.Succeeded(status))
            throw new HullException($"{name} ({path}) failed: {WaitStatus.Describe(status)}");
    }

    private static int Wait(int pid, int? timeoutSeconds, string name)
    {
        if (timeoutSeconds is null or <= 0)
            return Syscall.WaitPid(pid)!.Value;
        var clock = Stopwatch.StartNew();
        var limit = TimeSpan.FromSeconds(timeoutSeconds.Value);
        while (true)
        {
            int? status = Syscall.WaitPid(pid, Syscall.WNOHANG);
            if (status is not null)
                return status.Value;
            if (clock.Elapsed > limit)
            {
                Syscall.Kill(pid, Syscall.SIGKILL);
                Syscall.WaitPid(pid);
                throw new HullException($"{name} timed out after {timeoutSeconds} s");
            }
            Thread.Sleep(2);
        }
    }
}
