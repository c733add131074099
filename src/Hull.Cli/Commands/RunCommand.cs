using Hull.Runtime;

namespace Hull.Cli.Commands;

internal sealed class RunCommand : Command
{
    public override string Name => "run";

    public override string Summary => "create and run a container";

    public override string ArgumentsUsage => "<container-id>";

    public override IReadOnlyList<Flag> Flags =>
    [
        .. CreateFlags.All,
        new("detach", "detach from the container's process", FlagKind.Bool, "d"),
        new("keep", "do not delete the container after it exits"),
        new("no-subreaper", "disable the use of the subreaper used to reap reparented processes"),
    ];

    public override string ErrorPrefix => "hull run failed: ";

    public override int Execute(Arguments args, GlobalOptions global)
    {
        if (!args.Has("monitor"))
        {
            var run = new RunOptions { Detach = args.Has("detach"), Keep = args.Has("keep"), NoSubreaper = args.Has("no-subreaper") };
            return Runtime(global).Run(CreateFlags.Options(args), run);
        }
        if (!args.Has("detach"))
            throw new HullException("--monitor needs --detach: the monitor holds the container's stdio (see attach, logs and wait)", ErrorKind.InvalidArgument);
        CreateFlags.LaunchMonitored(args, global, start: true);
        return 0;
    }
}
