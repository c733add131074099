using Hull.Runtime;

namespace Hull.Driver;

/// <summary>How a container process ended: its exit code, or the signal that killed it, and whether that was the OOM killer.</summary>
public readonly record struct ExitStatus(int? ExitCode, int? Signal, bool OomKilled)
{
    /// <summary>The shell convention: the exit code, or 128 plus the signal.</summary>
    public int Code => ExitCode ?? 128 + (Signal ?? 0);

    internal static ExitStatus FromWait(int status, bool oomKilled) =>
        WaitStatus.Exited(status)
            ? new ExitStatus(WaitStatus.ExitCode(status), null, false)
            : new ExitStatus(null, WaitStatus.TermSignal(status), oomKilled && WaitStatus.TermSignal(status) == Hull.Linux.Syscall.SIGKILL);

    /// <summary>"exit status N", or "killed by signal N" with "(OOM)" when the OOM killer did it.</summary>
    public override string ToString() =>
        ExitCode is { } code ? $"exit status {code}" : $"killed by signal {Signal}{(OomKilled ? " (OOM)" : "")}";
}
