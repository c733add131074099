using System.Text;

namespace Hull.Runtime;

/// <summary>
/// Where the runtime reports what does not fail an operation: warnings, and with debugging on, what it does step by
/// step. The CLI routes both to its log (--log, --log-format, --debug); a library host may set its own sink.
/// </summary>
public static class RuntimeLog
{
    public static Action<LogLevel, string> Sink { get; set; } = WriteToStderr;

    /// <summary>Whether debug messages are produced at all (they cost the formatting of their text).</summary>
    public static bool DebugEnabled { get; set; }

    public static void Warning(string message) => Sink(LogLevel.Warning, message);

    /// <summary>An error that does not fail the operation (a poststop hook's, say), logged as runc logs it.</summary>
    public static void Error(string message) => Sink(LogLevel.Error, message);

    public static void Debug(string message)
    {
        if (DebugEnabled)
            Sink(LogLevel.Debug, message);
    }

    private static void WriteToStderr(LogLevel level, string message)
    {
        if (level != LogLevel.Debug)
            Hull.Linux.Syscall.WriteAll(2, Encoding.UTF8.GetBytes($"{level.ToString().ToLowerInvariant()}: {message}\n"));
    }
}

public enum LogLevel
{
    Debug,
    Info,
    Warning,
    Error,
}
