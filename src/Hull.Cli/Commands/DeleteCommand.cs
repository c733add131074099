namespace Hull.Cli.Commands;

internal sealed class DeleteCommand : Command
{
    public override string Name => "delete";

    public override string Summary => "delete any resources held by the container often used with detached container";

    public override string ArgumentsUsage => "<container-id>";

    public override IReadOnlyList<Flag> Flags => [new("force", "Forcibly deletes the container if it is still running (uses SIGKILL)", FlagKind.Bool, "f")];

    public override int Execute(Arguments args, GlobalOptions global)
    {
        Runtime(global).Delete(args.Positionals[0], args.Has("force"));
        return 0;
    }
}
