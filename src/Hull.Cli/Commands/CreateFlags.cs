using Hull.Driver.Monitor;
using Hull.Runtime;

namespace Hull.Cli.Commands;

/// <summary>The flags `create` and `run` share.</summary>
internal static class CreateFlags
{
    public static readonly IReadOnlyList<Flag> All =
    [
        new("bundle", "path to the root of the bundle directory, defaults to the current directory", FlagKind.String, "b"),
        new("console-socket", "path to an AF_UNIX socket which will receive a file descriptor referencing the master end of the console's pseudoterminal", FlagKind.String),
        new("pid-file", "specify the file to write the process id to", FlagKind.String),
        new("no-pivot", "do not use pivot root to jail process inside rootfs"),
        new("no-new-keyring", "do not create a new session keyring for the container"),
        new("preserve-fds", "pass N additional file descriptors to the container (stdio + $LISTEN_FDS + N in total)", FlagKind.Int),
        new("monitor", "hand the container to a monitor process that holds its stdio, keeps its log and records its exit status (see logs, wait, attach)"),
        new("log-max-size", "with --monitor, rotate the container log at this size (default 10MiB)", FlagKind.String),
    ];

    public static CreateOptions Options(Arguments args) => new()
    {
        Id = args.Positionals[0],
        Bundle = args.Value("bundle") ?? ".",
        PidFile = args.Value("pid-file") is { } pidFile ? Path.GetFullPath(pidFile) : null,
        ConsoleSocket = args.Value("console-socket"),
        NoPivot = args.Has("no-pivot"),
        NoNewKeyring = args.Has("no-new-keyring"),
        PreserveFds = args.Int("preserve-fds"),
        ListenFds = SocketActivation.FromEnvironment(),
    };

    /// <summary>
    /// With --monitor: a monitor process creates the container (and starts it for `run`), or restores it from a
    /// checkpoint, and holds it from then on.
    /// </summary>
    public static void LaunchMonitored(Arguments args, GlobalOptions global, bool start, Hull.Runtime.Checkpoint.RestoreOptions? restore = null)
    {
        if (args.Value("console-socket") is not null)
            throw new HullException("--monitor holds the container's terminal itself: it excludes --console-socket", ErrorKind.InvalidArgument);
        if (args.Int("preserve-fds") > 0)
            throw new HullException("--monitor excludes --preserve-fds", ErrorKind.InvalidArgument);
        var runtime = global.ToRuntimeOptions();
        MonitoredContainer.Launch(new MonitorRequest
        {
            Id = args.Positionals[0],
            Bundle = Path.GetFullPath(args.Value("bundle") ?? "."),
            Start = start,
            Restore = restore,
            LogMaxSize = args.Value("log-max-size") is { } size ? ByteSize.Parse(size, "log-max-size") : MonitorRequest.DefaultLogMaxSize,
            PidFile = args.Value("pid-file") is { } pidFile ? Path.GetFullPath(pidFile) : null,
            NoPivot = args.Has("no-pivot"),
            NoNewKeyring = args.Has("no-new-keyring"),
            Root = runtime.Root,
            SystemdCgroup = runtime.SystemdCgroup,
            Rootless = runtime.Rootless,
        }, "/proc/self/exe");
    }
}
