namespace Hull.Cli.Commands;

internal sealed class ResumeCommand : Command
{
    public override string Name => "resume";

    public override string Summary => "resumes all processes that have been previously paused";

    public override string ArgumentsUsage => "<container-id>";

    public override int Execute(Arguments args, GlobalOptions global)
    {
        Runtime(global).Resume(args.Positionals[0]);
        return 0;
    }
}
