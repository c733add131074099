using System.Runtime.InteropServices;
using Hull.Spec;

namespace Hull.Runtime;

/// <summary>Global settings of a runtime instance (runc's global flags).</summary>
public sealed record RuntimeOptions
{
    /// <summary>The state directory; see <see cref="Store.StateStore.DefaultRoot"/>.</summary>
    public string Root { get; init; } = Store.StateStore.DefaultRoot();

    public bool SystemdCgroup { get; init; }

    public bool Rootless { get; init; }

    /// <summary>The resctrl filesystem containers' Intel RDT groups are made in; null: the host's, found in mountinfo.</summary>
    public Hull.Cgroups.ResctrlMount? Resctrl { get; init; }

    internal Hull.Cgroups.ResctrlMount? FindResctrl() => Resctrl ?? Hull.Cgroups.ResctrlMount.Find();

    /// <summary>The criu binary checkpoint and restore run (runc's --criu).</summary>
    public string Criu { get; init; } = "criu";

    /// <summary>
    /// The executable started as container init and exec children. It must be hull: its native bootstrap
    /// stage runs before .NET does. Null means this process's own executable (the `hull` command itself).
    /// </summary>
    public string? ChildBinary { get; init; }
}

/// <summary>
/// The descriptors a container process gets as stdin, stdout and stderr; a null one is the caller's own.
/// The caller keeps ownership, and closes its copies once the process has them.
/// </summary>
public sealed record ProcessStdio(SafeHandle? Input, SafeHandle? Output, SafeHandle? Error);

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

    /// <summary>A connected socket the pty master is sent over, instead of <see cref="ConsoleSocket"/>'s path.</summary>
    public SafeHandle? ConsoleConnection { get; init; }

    /// <summary>The config to use instead of the bundle's config.json (root.path stays relative to the bundle).</summary>
    public RuntimeSpec? Spec { get; init; }

    public ProcessStdio? Stdio { get; init; }

    /// <summary>Overrides the config's process.terminal (a library host decides it by how it takes the stdio).</summary>
    public bool? Terminal { get; init; }
}

/// <summary>What `run` adds to create's options.</summary>
public sealed record RunOptions
{
    /// <summary>Return once the container runs, rather than wait for it.</summary>
    public bool Detach { get; init; }

    /// <summary>Leave the stopped container (state and cgroup) for a later delete, rather than delete it.</summary>
    public bool Keep { get; init; }

    /// <summary>runc's --no-subreaper: accepted; Hull stays the subreaper it needs to be to wait for the init.</summary>
    public bool NoSubreaper { get; init; }
}

/// <summary>Options of exec.</summary>
public sealed record ExecOptions
{
    /// <summary>The process to run; null to build it with <see cref="ProcessFromContainer"/>.</summary>
    public Process? Process { get; init; }

    /// <summary>
    /// Builds the process from the container's own (its config's, without a terminal), as `hull exec` lays its flags
    /// over it, when <see cref="Process"/> is null. It gets a copy read for this exec, which it may change and return.
    /// </summary>
    public Func<Process, Process>? ProcessFromContainer { get; init; }

    public bool Detach { get; init; }

    public string? PidFile { get; init; }

    public string? ConsoleSocket { get; init; }

    public int PreserveFds { get; init; }

    /// <summary>A connected socket the pty master is sent over, instead of <see cref="ConsoleSocket"/>'s path.</summary>
    public SafeHandle? ConsoleConnection { get; init; }

    public ProcessStdio? Stdio { get; init; }

    /// <summary>
    /// Sub-cgroups of the container's cgroup to run the process in, as runc's --cgroup takes them: one path for every
    /// hierarchy, or "controller[,controller]:path" items.
    /// </summary>
    public IReadOnlyList<string> SubCgroups { get; init; } = [];

    /// <summary>Run the process even if the container is paused (it stays frozen with it).</summary>
    public bool IgnorePaused { get; init; }
}
