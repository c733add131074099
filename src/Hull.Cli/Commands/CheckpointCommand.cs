using Hull.Runtime;

namespace Hull.Cli.Commands;

/// <summary>
/// runc's `checkpoint`, as far as hull has it: its flags, and the checks runc makes before it calls CRIU (a container
/// that is running, image paths that can be used); the dump itself is refused in words, as hull has no CRIU support yet.
/// </summary>
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
        var state = Runtime(global).State(args.Positionals[0]);
        if (state.Status is "created" or "stopped")
            throw new HullException($"Container cannot be checkpointed in {state.Status} state", ErrorKind.InvalidState);
        string imagePath = Path.GetFullPath(args.Value("image-path") is { Length: > 0 } given ? given : "checkpoint");
        Directory.CreateDirectory(imagePath);
        if (args.Value("parent-path") is { Length: > 0 } parent)
        {
            if (Path.IsPathRooted(parent))
                throw new HullException("--parent-path must be relative", ErrorKind.InvalidArgument);
            string real = Path.Combine(imagePath, parent);
            if (!Directory.Exists(real))
                throw new HullException($"invalid --parent-path: stat {real}: {(File.Exists(real) ? "not a directory" : "no such file or directory")}", ErrorKind.InvalidArgument);
        }
        throw new HullException("checkpoint is not supported by hull yet: it has no CRIU support", ErrorKind.Failed);
    }
}
