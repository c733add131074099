using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hull.Driver.Monitor;

/// <summary>The exit file a monitor writes when the container's init has exited, read by `hull wait`.</summary>
public sealed record ExitRecord
{
    /// <summary>The exit code; null when a signal killed the init.</summary>
    [JsonPropertyName("exitCode")]
    public int? ExitCode { get; init; }

    /// <summary>The signal that killed the init; null when it exited.</summary>
    [JsonPropertyName("signal")]
    public int? Signal { get; init; }

    /// <summary>True when the OOM killer killed the init.</summary>
    [JsonPropertyName("oomKilled")]
    public bool OomKilled { get; init; }

    /// <summary>When the monitor saw the init exit.</summary>
    [JsonPropertyName("finishedAt")]
    public DateTimeOffset FinishedAt { get; init; }

    /// <summary>The record as an <see cref="ExitStatus"/>.</summary>
    [JsonIgnore]
    public ExitStatus Status => new(ExitCode, Signal, OomKilled);

    /// <summary>A record of <paramref name="status"/>, finished now.</summary>
    public static ExitRecord From(ExitStatus status) =>
        new() { ExitCode = status.ExitCode, Signal = status.Signal, OomKilled = status.OomKilled, FinishedAt = DateTimeOffset.UtcNow };

    /// <summary>Written to a temporary name and renamed, so a reader sees all of it or nothing.</summary>
    public void Write(string path)
    {
        string temporary = path + ".tmp";
        File.WriteAllBytes(temporary, JsonSerializer.SerializeToUtf8Bytes(this, MonitorJsonContext.Default.ExitRecord));
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>The record at <paramref name="path"/>, or null while there is none.</summary>
    public static ExitRecord? Read(string path)
    {
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllBytes(path), MonitorJsonContext.Default.ExitRecord);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }
}
