using Hull.Runtime;

namespace Hull.Cli.Commands;

/// <summary>The flags `create` and `run` share.</summary>
internal static class CreateFlags
{
    public static readonly IReadOnlyList<Flag> All =
    [
        new("bundle", "path to the root of the bundle directory, defaults to the current directory", true, "b"),
        new("console-socket", "path to an AF_UNIX socket which will receive a file descriptor referencing the master end of the console's pseudoterminal", true),
        new("pid-file", "specify the file to write the process id to", true),
        new("no-pivot", "do not use pivot root to jail process inside rootfs"),
        new("no-new-keyring", "do not create a new session keyring for the container"),
        new("preserve-fds", "pass N additional file descriptors to the container (stdio + $LISTEN_FDS + N in total)", true),
    ];

    public static CreateOptions Options(Arguments args) => new()
    {
        Id = args.Positionals[0],
        Bundle = args.Value("bundle") ?? ".",
        PidFile = args.Value("pid-file"),
        ConsoleSocket = args.Value("console-socket"),
        NoPivot = args.Has("no-pivot"),
        NoNewKeyring = args.Has("no-new-keyring"),
        PreserveFds = args.IntValue("preserve-fds", 0),
        ListenFds = SocketActivation.FromEnvironment(),
    };
}
