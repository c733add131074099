namespace Hull.Cli.Commands;

internal sealed class StateCommand : Command
{
    public override string Name => "state";

    public override string Summary => "output the state of a container";

    public override string ArgumentsUsage => "<container-id>";

    public override int Execute(Arguments args, GlobalOptions global)
    {
        var info = Runtime(global).State(args.Positionals[0]);
        StandardStreams.Out.Write(info.ToJson());
        return 0;
    }
}
