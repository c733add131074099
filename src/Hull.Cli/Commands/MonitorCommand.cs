using Hull.Driver.Monitor;

namespace Hull.Cli.Commands;

/// <summary>The monitor process itself, started by `create --monitor` and `run --detach --monitor` (and the library).</summary>
internal sealed class MonitorCommand : Command
{
    public override string Name => "monitor";

    public override string Summary => "(internal) hold a container's stdio, log and exit status; started by --monitor";

    public override string ArgumentsUsage => "";

    public override (int Min, int Max) Arity => (0, 0);

    public override int Execute(Arguments args, GlobalOptions global) => ContainerMonitor.Run();
}
