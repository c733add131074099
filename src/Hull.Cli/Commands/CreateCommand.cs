namespace Hull.Cli.Commands;

internal sealed class CreateCommand : Command
{
    public override string Name => "create";

    public override string Summary => "create a container";

    public override string ArgumentsUsage => "<container-id>";

    public override IReadOnlyList<Flag> Flags => CreateFlags.All;

    public override string ErrorPrefix => "hull create failed: ";

    public override int Execute(Arguments args, GlobalOptions global)
    {
        if (args.Has("monitor"))
            CreateFlags.LaunchMonitored(args, global, start: false);
        else
            Runtime(global).Create(CreateFlags.Options(args));
        return 0;
    }
}
