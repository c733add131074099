namespace Hull.Cli.Commands;

internal sealed class KillCommand : Command
{
    public override string Name => "kill";

    public override string Summary => "kill sends the specified signal (default: SIGTERM) to the container's init process";

    public override string ArgumentsUsage => "<container-id> [signal]";

    public override (int Min, int Max) Arity => (1, 2);

    public override IReadOnlyList<Flag> Flags => [new("all", "send the specified signal to all processes inside the container", FlagKind.Bool, "a")];

    public override int Execute(Arguments args, GlobalOptions global)
    {
        var runtime = Runtime(global);
        string id = args.Positionals[0];
        // The container is looked up before the signal is parsed, so that an unknown one is reported as such.
        runtime.State(id);
        int signal = Signals.Parse(args.Positionals.Count > 1 ? args.Positionals[1] : "SIGTERM");
        runtime.Kill(id, signal, args.Has("all"));
        return 0;
    }
}
