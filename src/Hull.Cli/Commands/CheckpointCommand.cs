using Hull.Driver.Monitor;
using Hull.Runtime.Checkpoint;

namespace Hull.Cli.Commands;

/// <summary>runc's `checkpoint`: CRIU dumps the container into an image directory, and the container goes unless it is left running.</summary>
internal sealed class CheckpointCommand : Command
{
    public override string Name => "checkpoint";

    public override string Summary => "checkpoint a running container";

    public override string ArgumentsUsage => "<container-id>";

    public override IReadOnlyList<Flag> Flags =>
    [
        .. CriuFlags.Common,
        new("parent-path", "a pre-dump's image directory, relative to the image path", FlagKind.String),
        new("leave-running", "keep the container running after the checkpoint"),
        new("status-fd", "descriptor to write \\0 to once lazy pages are served", FlagKind.Int),
        new("page-server", "ADDRESS:PORT of the page server", FlagKind.String),
        new("pre-dump", "dump the memory only, leaving the container running"),
    ];

    public override int Execute(Arguments args, GlobalOptions global)
    {
        var options = CriuFlags.Apply(new CheckpointOptions
        {
            ImagePath = CriuFlags.ImagePath(args),
            ParentPath = args.Value("parent-path"),
            LeaveRunning = args.Has("leave-running"),
            PreDump = args.Has("pre-dump"),
            StatusFd = args.Value("status-fd") is null ? -1 : args.Int("status-fd"),
            PageServer = args.Value("page-server"),
        }, args);
        // A monitor's log goes with the images, for the monitor of the restored container (restore --monitor).
        Runtime(global).Checkpoint(args.Positionals[0], options, directory => new MonitorFiles(directory).SaveLogs(options.ImagePath));
        return 0;
    }
}
