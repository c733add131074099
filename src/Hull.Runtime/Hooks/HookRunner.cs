using System.Diagnostics;
using System.Globalization;
using System.Text;
using Hull.Linux;
using Hull.Spec;

namespace Hull.Runtime.Hooks;

/// <summary>
/// Runs OCI hooks as runc does: the state on stdin, the hook's own args (its path alone without any) and env (the
/// caller's environment without any), its output kept for the error message, and its timeout. A failure names the
/// hook by its place in its list: "error running hook #0: …".
/// </summary>
public static class HookRunner
{
    /// <summary>Runs hooks in order; the first failure stops the rest and is thrown.</summary>
    /// <param name="hooks">The hooks of one kind, in the config's order.</param>
    /// <param name="stateJson">The OCI state each hook reads on its stdin.</param>
    /// <param name="inheritedEnv">The environment of a hook that gives none; null for this process's own.</param>
    public static void RunAll(IEnumerable<Hook>? hooks, string stateJson, IReadOnlyList<string>? inheritedEnv = null)
    {
        int index = 0;
        foreach (var hook in hooks ?? [])
        {
            if (Run(hook, stateJson, inheritedEnv) is { } failure)
                throw new HullException($"error running hook #{index}: {failure}");
            index++;
        }
    }

    /// <summary>Why the hook failed, in runc's words; null when it succeeded.</summary>
    private static string? Run(Hook hook, string stateJson, IReadOnlyList<string>? inheritedEnv)
    {
        string path = hook.Path ?? "";
        var (stdinRead, stdinWrite) = Syscall.Pipe();
        var (stdoutRead, stdoutWrite) = Syscall.Pipe();
        var (stderrRead, stderrWrite) = Syscall.Pipe();
        int pid;
        using (stdinRead)
        using (stdoutWrite)
        using (stderrWrite)
        {
            // Above the targets, so that no dup2 in the child overwrites a source it still needs.
            int[] from = [Syscall.Dup(stdinRead, 100), Syscall.Dup(stdoutWrite, 100), Syscall.Dup(stderrWrite, 100)];
            try
            {
                string[] argv = hook.Args is { Count: > 0 } args ? [.. args] : [path];
                var env = hook.Env ?? inheritedEnv ?? ChildProgram.CurrentEnvironment();
                pid = Syscall.Spawn(path, argv, env, [(from[0], 0), (from[1], 1), (from[2], 2)]);
            }
            catch (SyscallException e)
            {
                stdinWrite.Dispose();
                stdoutRead.Dispose();
                stderrRead.Dispose();
                return $"fork/exec {path}: {Errno.Describe(e.Errno)}";
            }
            finally
            {
                foreach (int fd in from)
                    Syscall.CloseRaw(fd);
            }
        }
        var feed = Task.Run(() =>
        {
            using (stdinWrite)
            {
                try
                {
                    Syscall.Write(stdinWrite, Encoding.UTF8.GetBytes(stateJson));
                }
                catch (SyscallException)
                {
                    // A hook need not read its stdin; one that exits first makes the write fail.
                }
            }
        });
        var stdout = Task.Run(() => ReadAll(stdoutRead));
        var stderr = Task.Run(() => ReadAll(stderrRead));
        int? status = Wait(pid, hook.Timeout);
        if (status is null)
        {
            Task.WaitAll(feed, stdout, stderr);
            return $"hook ran past specified timeout of {hook.Timeout!.Value.ToString("0.0", CultureInfo.InvariantCulture)}s";
        }
        Task.WaitAll(feed, stdout, stderr);
        return WaitStatus.Succeeded(status.Value)
            ? null
            : $"error running hook: {WaitStatus.Describe(status.Value)}, stdout: {stdout.Result}, stderr: {stderr.Result}";
    }

    private static string ReadAll(Microsoft.Win32.SafeHandles.SafeFileHandle pipe)
    {
        using (pipe)
            return Encoding.UTF8.GetString(Syscall.ReadToEnd(pipe));
    }

    /// <summary>The hook's wait status; null when it ran past its timeout and was killed.</summary>
    private static int? Wait(int pid, int? timeoutSeconds)
    {
        if (timeoutSeconds is null)
            return Syscall.WaitPid(pid)!.Value;
        var clock = Stopwatch.StartNew();
        var limit = TimeSpan.FromSeconds(timeoutSeconds.Value);
        while (true)
        {
            int? status = Syscall.WaitPid(pid, Syscall.WNOHANG);
            if (status is not null)
                return status.Value;
            if (clock.Elapsed >= limit)
            {
                Syscall.Kill(pid, Syscall.SIGKILL);
                Syscall.WaitPid(pid);
                return null;
            }
            Thread.Sleep(2);
        }
    }
}
