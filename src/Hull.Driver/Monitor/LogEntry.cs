using System.Globalization;
using System.Text;

namespace Hull.Driver.Monitor;

/// <summary>Which of the container's output streams a log entry came from.</summary>
public enum LogStream
{
    /// <summary>The container's stdout (and its terminal).</summary>
    Stdout,
    /// <summary>The container's stderr.</summary>
    Stderr,
}

/// <summary>
/// One line of a container log in the CRI format that Kubernetes and conmon use:
/// "2026-11-23T12:00:00.000000000Z stdout F text". A partial entry (P) is a piece of a line that
/// continues in the next entry of the same stream.
/// </summary>
public sealed record LogEntry(DateTimeOffset Time, LogStream Stream, bool Partial, string Text)
{
    /// <summary>The entry as one log line, with its newline.</summary>
    public string Format() => $"{Timestamp(Time)} {(Stream == LogStream.Stdout ? "stdout" : "stderr")} {(Partial ? 'P' : 'F')} {Text}\n";

    /// <summary>The entry on a log line, or null when the line is not one.</summary>
    public static LogEntry? Parse(string line)
    {
        string[] parts = line.Split(' ', 4);
        if (parts.Length < 3 || !DateTimeOffset.TryParse(parts[0], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
            return null;
        LogStream? stream = parts[1] switch { "stdout" => LogStream.Stdout, "stderr" => LogStream.Stderr, _ => null };
        if (stream is null || parts[2] is not ("P" or "F"))
            return null;
        return new LogEntry(time, stream.Value, parts[2] == "P", parts.Length == 4 ? parts[3] : "");
    }

    /// <summary>RFC 3339 with nanoseconds, as CRI logs have it.</summary>
    public static string Timestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff", CultureInfo.InvariantCulture) + "00Z";

    /// <summary>Splits output into entries: one per complete line, and a partial one for an unterminated rest.</summary>
    public static IEnumerable<LogEntry> Split(LogStream stream, ReadOnlySpan<byte> data, DateTimeOffset time)
    {
        var entries = new List<LogEntry>();
        while (!data.IsEmpty)
        {
            int newline = data.IndexOf((byte)'\n');
            var text = newline < 0 ? data : data[..newline];
            entries.Add(new LogEntry(time, stream, newline < 0, Encoding.UTF8.GetString(text)));
            data = newline < 0 ? [] : data[(newline + 1)..];
        }
        return entries;
    }
}
