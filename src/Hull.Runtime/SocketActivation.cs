using Hull.Spec;

namespace Hull.Runtime;

/// <summary>
/// systemd socket activation: sockets handed to hull as fds 3.. with LISTEN_FDS/LISTEN_PID are passed on
/// to the container, whose process is then told LISTEN_FDS=N and LISTEN_PID=1, as runc does.
/// </summary>
public static class SocketActivation
{
    /// <summary>How many activation sockets this process was given: LISTEN_FDS, when LISTEN_PID names this process.</summary>
    public static int FromEnvironment()
    {
        if (!int.TryParse(Environment.GetEnvironmentVariable("LISTEN_FDS"), out int count) || count <= 0)
            return 0;
        return Environment.GetEnvironmentVariable("LISTEN_PID") == Environment.ProcessId.ToString() ? count : 0;
    }

    internal static void PassTo(Process? process, int count)
    {
        if (process is null || count <= 0)
            return;
        process.Env = [.. (process.Env ?? []).Where(e => !e.StartsWith("LISTEN_FDS=", StringComparison.Ordinal) && !e.StartsWith("LISTEN_PID=", StringComparison.Ordinal)),
            $"LISTEN_FDS={count}", "LISTEN_PID=1"];
    }
}
