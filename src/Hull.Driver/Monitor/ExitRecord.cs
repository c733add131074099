using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hull.Driver.Monitor;

/// <summary>The exit file a monitor writes when the container's init has exited, read by `hull wait`.</summary>
public sealed record ExitRecord
{
    [JsonPropertyName("exitCode")]
    public int? ExitCode { get; init; }

    [JsonPropertyName("signal")]
    public int? Signal { get; init; }

    [JsonPropertyName("oomKilled")]
    public bool OomKilled { get; init; }

    [JsonPropertyName("finishedAt")]
    public DateTimeOffset FinishedAt { get; init; }

    [JsonIgnore]
    public ExitStatus Status => new(ExitCode, Signal, OomKilled);

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
