using System.Text.Json.Serialization;

namespace Hull.Driver.Monitor;

/// <summary>What a monitor is asked to do: which container to create (and maybe start), and how to keep its log.</summary>
public sealed record MonitorRequest
{
    /// <summary>The container's id.</summary>
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    /// <summary>The bundle directory (its config.json unless a spec is given; a relative root.path is resolved against it).</summary>
    [JsonPropertyName("bundle")]
    public string Bundle { get; init; } = ".";

    /// <summary>The config as JSON; null to read the bundle's config.json.</summary>
    [JsonPropertyName("spec")]
    public string? SpecJson { get; init; }

    /// <summary>Start the container once created (`run -d`), instead of leaving it to `start`.</summary>
    [JsonPropertyName("start")]
    public bool Start { get; init; }

    /// <summary>
    /// Restore the container from this checkpoint instead of creating it; the log saved with the checkpoint (see
    /// <see cref="MonitorFiles.SaveLogs"/>) goes on.
    /// </summary>
    [JsonPropertyName("restore")]
    public Hull.Runtime.Checkpoint.RestoreOptions? Restore { get; init; }

    /// <summary>The size at which the log is rotated; one rotated file is kept.</summary>
    [JsonPropertyName("logMaxSize")]
    public long LogMaxSize { get; init; } = DefaultLogMaxSize;

    /// <summary>A file to write the init's pid to.</summary>
    [JsonPropertyName("pidFile")]
    public string? PidFile { get; init; }

    /// <summary>Enter the root with chroot instead of pivot_root.</summary>
    [JsonPropertyName("noPivot")]
    public bool NoPivot { get; init; }

    /// <summary>Keep the session keyring instead of a new one.</summary>
    [JsonPropertyName("noNewKeyring")]
    public bool NoNewKeyring { get; init; }

    /// <summary>A runtime binary speaking runc's command line (runc, crun) that creates the container; null: Hull.</summary>
    [JsonPropertyName("runtime")]
    public string? Runtime { get; init; }

    /// <summary>Flags given to <see cref="Runtime"/> before every command (runsc's --network=none, say).</summary>
    [JsonPropertyName("runtimeArgs")]
    public IReadOnlyList<string>? RuntimeArguments { get; init; }

    /// <summary>The state directory (runc's --root), of Hull or of <see cref="Runtime"/>.</summary>
    [JsonPropertyName("root")]
    public required string Root { get; init; }

    /// <summary>Use the systemd cgroup driver.</summary>
    [JsonPropertyName("systemdCgroup")]
    public bool SystemdCgroup { get; init; }

    /// <summary>Run as an unprivileged user.</summary>
    [JsonPropertyName("rootless")]
    public bool Rootless { get; init; }

    /// <summary>The log size cap unless one is given: 10 MiB.</summary>
    public const long DefaultLogMaxSize = 10 << 20;
}

/// <summary>The monitor's answer once the container exists (or could not be made).</summary>
internal sealed record MonitorReply
{
    [JsonPropertyName("pid")]
    public int Pid { get; init; }

    [JsonPropertyName("error")]
    public string? Error { get; init; }

    /// <summary>This monitor takes no more containers and is leaving: ask again (the next launcher starts another).</summary>
    [JsonPropertyName("retry")]
    public bool Retry { get; init; }
}

[JsonSerializable(typeof(MonitorRequest))]
[JsonSerializable(typeof(MonitorReply))]
[JsonSerializable(typeof(ExitRecord))]
internal sealed partial class MonitorJsonContext : JsonSerializerContext;
