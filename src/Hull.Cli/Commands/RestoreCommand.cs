using Hull.Runtime;
using Hull.Runtime.Checkpoint;

namespace Hull.Cli.Commands;

/// <summary>runc's `restore`: a container from a bundle whose processes CRIU brings back from a checkpoint.</summary>
internal sealed class RestoreCommand : Command
{
    public override string Name => "restore";

    public override string Summary => "restore a container from a previous checkpoint";

    public override string ArgumentsUsage => "<container-id>";

    public override IReadOnlyList<Flag> Flags =>
    [
        .. CriuFlags.Common,
        new("console-socket", "socket to pass the master end of the container's terminal to", FlagKind.String),
        new("bundle", "the bundle's directory (default: the current directory)", FlagKind.String, "b"),
        new("detach", "detach from the container's process", FlagKind.Bool, "d"),
        new("pid-file", "file to write the process id to", FlagKind.String),
        new("no-subreaper", "do not become a subreaper for the container's processes"),
        new("no-pivot", "do not use pivot_root to jail the process inside the rootfs"),
        new("lsm-profile", "LSM profile to restore with, TYPE:NAME", FlagKind.String),
        new("lsm-mount-context", "LSM mount context to restore with", FlagKind.String),
        new("monitor", "hand the restored container to a monitor process, which goes on with the log saved by checkpoint (see create --monitor)"),
        new("log-max-size", "with --monitor, rotate the container log at this size (default 10MiB)", FlagKind.String),
    ];

    /// <summary>--no-subreaper is accepted, as by run: the restored init is hull's child either way.</summary>
    public override int Execute(Arguments args, GlobalOptions global)
    {
        var create = new CreateOptions
        {
            Id = args.Positionals[0],
            Bundle = args.Value("bundle") ?? ".",
            PidFile = args.Value("pid-file") is { } pidFile ? Path.GetFullPath(pidFile) : null,
            ConsoleSocket = args.Value("console-socket"),
            NoPivot = args.Has("no-pivot"),
        };
        var restore = CriuFlags.Apply(new RestoreOptions
        {
            ImagePath = CriuFlags.ImagePath(args),
            LsmProfile = args.Value("lsm-profile"),
            LsmMountContext = args.Value("lsm-mount-context"),
        }, args);
        if (args.Has("monitor"))
        {
            if (!args.Has("detach"))
                throw new HullException("--monitor needs --detach: the monitor holds the container's stdio (see attach, logs and wait)", ErrorKind.InvalidArgument);
            CreateFlags.LaunchMonitored(args, global, start: false, restore);
            return 0;
        }
        if (!args.Has("detach"))
            return Runtime(global).RestoreAndWait(create, restore);
        Runtime(global).Restore(create, restore);
        return 0;
    }
}
