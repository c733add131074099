using System.Globalization;
using System.Text;
using System.Text.Json;
using Hull.Linux;
using Hull.Runtime;

namespace Hull.Cli;

/// <summary>
/// The log runc users know (logrus's): lines of <c>time="…" level=… msg="…"</c>, or JSON with --log-format json, to
/// stderr or to the --log file, which is created as soon as hull starts, as runc does. An error also goes to stderr as
/// its bare message when the log is a file. Warnings and, with --debug, debug messages go to the log only.
/// </summary>
internal sealed class CliLog
{
    private readonly Destination _file;
    private readonly bool _json;
    private readonly bool _debug;

    /// <summary>Where messages go before the global flags are parsed: text on stderr.</summary>
    public static CliLog Stderr { get; } = new();

    private CliLog()
    {
        _file = Destination.Stderr;
    }

    public CliLog(string? path, string? format, bool debug)
    {
        _json = format switch
        {
            null or "" or "text" => false,
            "json" => true,
            _ => throw new HullException($"invalid log-format: {format}"),
        };
        _debug = debug;
        _file = string.IsNullOrEmpty(path) ? Destination.Stderr : Destination.Append(path);
    }

    public bool ToStderr => _file.IsStderr;

    public void Error(string message)
    {
        Write(LogLevel.Error, message);
        if (!ToStderr)
            StandardStreams.Error.WriteLine(message);
    }

    public void Write(LogLevel level, string message)
    {
        if (level == LogLevel.Debug && !_debug)
            return;
        string name = level == LogLevel.Warning ? "warning" : level.ToString().ToLowerInvariant();
        string time = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        _file.WriteLine(_json ? FormatJson(name, message, time) : FormatText(name, message, time));
    }

    public static string FormatJson(string level, string message, string time)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("level", level);
            writer.WriteString("msg", message);
            writer.WriteString("time", time);
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static string FormatText(string level, string message, string time) =>
        $"time=\"{time}\" level={level} msg={GoText.QuoteIfNeeded(message)}";

    /// <summary>A log destination: stderr, or a file opened for appending (and created) by path.</summary>
    private sealed class Destination
    {
        private readonly int _fd;

        private Destination(int fd)
        {
            _fd = fd;
        }

        public static Destination Stderr { get; } = new(2);

        public bool IsStderr => _fd == 2;

        public static Destination Append(string path)
        {
            var handle = Syscall.Open(path, Syscall.O_WRONLY | Syscall.O_CREAT | Syscall.O_APPEND | Syscall.O_CLOEXEC, 0b110_100_100);
            int fd = (int)handle.DangerousGetHandle();
            handle.SetHandleAsInvalid();
            return new Destination(fd);
        }

        public void WriteLine(string line) => Syscall.WriteAll(_fd, Encoding.UTF8.GetBytes(line + "\n"));
    }
}
