using Hull.Runtime;

namespace Hull.Cli.Commands;

/// <summary>runc's `restore`, as far as hull has it: its flags, and a refusal in words, as hull has no CRIU support yet.</summary>
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
    ];

    public override int Execute(Arguments args, GlobalOptions global) =>
        throw new HullException("restore is not supported by hull yet: it has no CRIU support", ErrorKind.Failed);
}
