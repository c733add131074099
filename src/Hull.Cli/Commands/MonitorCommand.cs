using Hull.Driver.Monitor;

namespace Hull.Cli.Commands;

/// <summary>The monitor process itself, started by `create --monitor` and `run --detach --monitor` (and the library).</summary>
internal sealed class MonitorCommand : Command
{
    public override string Name => "monitor";

    public override string Summary => "(internal) hold containers' stdio, logs and exit statuses; started by --monitor";

    public override string ArgumentsUsage => "<state-directory>";

    public override (int Min, int Max) Arity => (1, 1);

    public override int Execute(Arguments args, GlobalOptions global) => ContainerMonitor.Run(args.Positionals[0]);
}
