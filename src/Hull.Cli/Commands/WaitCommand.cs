using Hull.Driver.Monitor;

namespace Hull.Cli.Commands;

/// <summary>Waits for a monitored container to exit and prints its exit code (as `podman wait` does).</summary>
internal sealed class WaitCommand : Command
{
    public override string Name => "wait";

    public override string Summary => "wait for a monitored container to exit and print its exit code";

    public override string ArgumentsUsage => "<container-id>";

    public override IReadOnlyList<Flag> Flags => [new("oom", "also print whether the OOM killer ended it")];

    public override int Execute(Arguments args, GlobalOptions global)
    {
        var container = MonitoredContainer.Open(global.ToRuntimeOptions().Root, args.Positionals[0]);
        var record = container.WaitAsync().GetAwaiter().GetResult();
        StandardStreams.Out.WriteLine(args.Has("oom") ? $"{record.Status.Code} oom={(record.OomKilled ? "true" : "false")}" : $"{record.Status.Code}");
        return 0;
    }
}
