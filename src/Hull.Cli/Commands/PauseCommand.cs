namespace Hull.Cli.Commands;

internal sealed class PauseCommand : Command
{
    public override string Name => "pause";

    public override string Summary => "pause suspends all processes inside the container";

    public override string ArgumentsUsage => "<container-id>";

    public override int Execute(Arguments args, GlobalOptions global)
    {
        Runtime(global).Pause(args.Positionals[0]);
        return 0;
    }
}
