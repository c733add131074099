namespace Hull.Runtime;

/// <summary>Decoding of raw wait(2) statuses.</summary>
public static class WaitStatus
{
    public static bool Exited(int status) => (status & 0x7f) == 0;

    public static int ExitCode(int status) => (status >> 8) & 0xff;

    public static int TermSignal(int status) => status & 0x7f;

    public static bool Succeeded(int status) => Exited(status) && ExitCode(status) == 0;

    /// <summary>The shell convention: the exit code, or 128 plus the signal that killed the process.</summary>
    public static int ToExitCode(int status) => Exited(status) ? ExitCode(status) : 128 + TermSignal(status);

    /// <summary>As Go describes a process's end: "exit status 3", "signal: killed".</summary>
    public static string Describe(int status) =>
        Exited(status) ? $"exit status {ExitCode(status)}" : $"signal: {Hull.Linux.Syscall.SignalDescription(TermSignal(status))}";
}
