using System.Diagnostics;

namespace Hull.Tests.Differential;

/// <summary>What one step printed and how it ended; <see cref="ExitCode"/> is -1 when it timed out.</summary>
public sealed record StepResult(int ExitCode, string Stdout, string Stderr)
{
    public bool TimedOut => ExitCode == -1;
}

/// <summary>
/// Runs a step as `sh -c` in a session of its own, so that whatever it leaves running (a detached container's
/// processes, a job it put in the background) can be found and ended afterwards by session id.
/// </summary>
public sealed class StepRunner(string workingDirectory, IReadOnlyDictionary<string, string> environment, string outputDirectory)
{
    private readonly List<int> _sessions = [];

    public StepResult Run(string script, TimeSpan timeout)
    {
        // Files of its own per step: a detached container keeps writing to the step that started it.
        int step = _sessions.Count;
        string stdout = Path.Combine(outputDirectory, $"stdout.{step}"), stderr = Path.Combine(outputDirectory, $"stderr.{step}");
        var info = new ProcessStartInfo("setsid") { UseShellExecute = false, WorkingDirectory = workingDirectory };
        info.ArgumentList.Add("/bin/sh");
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add($". {Sandbox.PreludePath}; exec >{stdout} 2>{stderr} </dev/null; {script}");
        foreach (var (name, value) in environment)
            info.Environment[name] = value;
        using var process = Process.Start(info)!;
        _sessions.Add(process.Id);
        bool finished = process.WaitForExit(timeout);
        if (!finished)
            KillSession(process.Id);
        process.WaitForExit();
        return new StepResult(finished ? process.ExitCode : -1, File.ReadAllText(stdout), File.ReadAllText(stderr));
    }

    /// <summary>Kills every process still in a session one of the steps started.</summary>
    public void KillLeftovers()
    {
        foreach (int session in _sessions)
            KillSession(session);
    }

    private static void KillSession(int session)
    {
        for (int round = 0; round < 50; round++)
        {
            var members = HostProcesses.InSession(session);
            if (members.Count == 0)
                return;
            foreach (int pid in members)
                HostProcesses.Kill(pid);
            Thread.Sleep(20);
        }
    }
}
