namespace Hull.Cli.Commands;

internal sealed class KillCommand : Command
{
    public override string Name => "kill";

    public override string Summary => "kill sends the specified signal (default: SIGTERM) to the container's init process";

    public override string ArgumentsUsage => "<container-id> [signal]";

    public override (int Min, int Max) Arity => (1, 2);

    public override IReadOnlyList<Flag> Flags => [new("all", "send the specified signal to all processes inside the container", false, "a")];

    public override int Execute(Arguments args, GlobalOptions global)
    {
        int signal = Signals.Parse(args.Positionals.Count > 1 ? args.Positionals[1] : "SIGTERM");
        Runtime(global).Kill(args.Positionals[0], signal, args.Has("all"));
        return 0;
    }
}
