namespace Hull.Cli.Commands;

internal sealed class RunCommand : Command
{
    public override string Name => "run";

    public override string Summary => "create and run a container";

    public override string ArgumentsUsage => "<container-id>";

    public override IReadOnlyList<Flag> Flags =>
        [.. CreateFlags.All, new("detach", "detach from the container's process", false, "d"), new("keep", "do not delete the container after it exits")];

    public override int Execute(Arguments args, GlobalOptions global)
    {
        if (!args.Has("monitor"))
            return Runtime(global).Run(CreateFlags.Options(args), args.Has("detach"));
        if (!args.Has("detach"))
            throw new UsageException("--monitor needs --detach: the monitor holds the container's stdio (see attach, logs and wait)");
        CreateFlags.LaunchMonitored(args, global, start: true);
        return 0;
    }
}
