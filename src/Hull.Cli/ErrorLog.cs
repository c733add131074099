using System.Text.Json;

namespace Hull.Cli;

/// <summary>
/// Where errors and warnings go, shaped like runc's: without --log a logrus-style text line on stderr;
/// with --log the line (text or JSON, as --log-format says) goes to that file and the bare message to stderr.
/// </summary>
internal sealed class ErrorLog
{
    private readonly string? _path;
    private readonly bool _json;

    public ErrorLog(string? path, string? format)
    {
        if (format is not (null or "text" or "json"))
            throw new UsageException($"unknown log-format {format}");
        _path = string.IsNullOrEmpty(path) ? null : path;
        _json = format == "json";
    }

    public void Error(string message) => Write("error", message, toStderr: true);

    public void Warning(string message) => Write("warning", message, toStderr: _path is null);

    private void Write(string level, string message, bool toStderr)
    {
        string time = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'");
        if (_path is null)
        {
            Console.Error.WriteLine(FormatText(level, message, time));
            return;
        }
        string line = _json ? FormatJson(level, message, time) : FormatText(level, message, time);
        try
        {
            File.AppendAllText(_path, line + "\n");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"hull: cannot write log {_path}: {e.Message}");
        }
        if (toStderr)
            Console.Error.WriteLine(message);
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
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static string FormatText(string level, string message, string time) =>
        $"time=\"{time}\" level={level} msg=\"{message.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\"";
}
