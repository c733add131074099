using System.Text.Json.Serialization;

namespace Hull.Driver.Monitor;

/// <summary>What a monitor is asked to do: which container to create (and maybe start), and how to keep its log.</summary>
public sealed record MonitorRequest
{
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    [JsonPropertyName("bundle")]
    public string Bundle { get; init; } = ".";

    /// <summary>The config as JSON; null to read the bundle's config.json.</summary>
    [JsonPropertyName("spec")]
    public string? SpecJson { get; init; }

    /// <summary>Start the container once created (`run -d`), instead of leaving it to `start`.</summary>
    [JsonPropertyName("start")]
    public bool Start { get; init; }

    /// <summary>The size at which the log is rotated; one rotated file is kept.</summary>
    [JsonPropertyName("logMaxSize")]
    public long LogMaxSize { get; init; } = DefaultLogMaxSize;

    [JsonPropertyName("pidFile")]
    public string? PidFile { get; init; }

    [JsonPropertyName("noPivot")]
    public bool NoPivot { get; init; }

    [JsonPropertyName("noNewKeyring")]
    public bool NoNewKeyring { get; init; }

    [JsonPropertyName("root")]
    public required string Root { get; init; }

    [JsonPropertyName("systemdCgroup")]
    public bool SystemdCgroup { get; init; }

    [JsonPropertyName("rootless")]
    public bool Rootless { get; init; }

    public const long DefaultLogMaxSize = 10 << 20;
}

/// <summary>The monitor's answer once the container exists (or could not be made).</summary>
public sealed record MonitorReply
{
    [JsonPropertyName("pid")]
    public int Pid { get; init; }

    [JsonPropertyName("error")]
    public string? Error { get; init; }
}

[JsonSerializable(typeof(MonitorRequest))]
[JsonSerializable(typeof(MonitorReply))]
[JsonSerializable(typeof(ExitRecord))]
internal sealed partial class MonitorJsonContext : JsonSerializerContext;
