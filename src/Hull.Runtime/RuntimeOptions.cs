namespace Hull.Runtime;

/// <summary>Global settings of a runtime instance (runc's global flags).</summary>
public sealed record RuntimeOptions
{
    /// <summary>The state directory; see <see cref="State.StateStore.DefaultRoot"/>.</summary>
    public string Root { get; init; } = State.StateStore.DefaultRoot();

    public bool SystemdCgroup { get; init; }

    public bool Rootless { get; init; }
}

/// <summary>Options of create and run.</summary>
public sealed record CreateOptions
{
    public required string Id { get; init; }

    public string Bundle { get; init; } = ".";

    public string? PidFile { get; init; }

    public bool NoPivot { get; init; }

    public bool NoNewKeyring { get; init; }

    public int PreserveFds { get; init; }

    public string? ConsoleSocket { get; init; }
}
