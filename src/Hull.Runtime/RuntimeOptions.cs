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

    /// <summary>Sockets passed by systemd socket activation (fds 3 onwards, before the preserved ones); see <see cref="SocketActivation"/>.</summary>
    public int ListenFds { get; init; }

    /// <summary>Every descriptor beyond stdio the container receives: activation sockets, then preserved ones.</summary>
    public int InheritedFds => ListenFds + PreserveFds;

    public string? ConsoleSocket { get; init; }
}

/// <summary>Options of exec.</summary>
public sealed record ExecOptions
{
    /// <summary>The process to run; see <see cref="ContainerRuntime.ExecProcessTemplate"/> for one based on the container's.</summary>
    public required Hull.Spec.Process Process { get; init; }

    public bool Detach { get; init; }

    public string? PidFile { get; init; }

    public string? ConsoleSocket { get; init; }

    public int PreserveFds { get; init; }

    /// <summary>A sub-cgroup of the container's cgroup to run the process in.</summary>
    public string? SubCgroup { get; init; }
}
