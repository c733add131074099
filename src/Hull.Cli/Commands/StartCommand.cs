namespace Hull.Cli.Commands;

internal sealed class StartCommand : Command
{
    public override string Name => "start";

    public override string Summary => "executes the user defined process in a created container";

    public override string ArgumentsUsage => "<container-id>";

    public override int Execute(Arguments args, GlobalOptions global)
    {
        Runtime(global).Start(args.Positionals[0]);
        return 0;
    }
}
