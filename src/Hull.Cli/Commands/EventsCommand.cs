namespace Hull.Cli.Commands;

internal sealed class EventsCommand : Command
{
    public override string Name => "events";

    public override string Summary => "display container events such as OOM notifications, cpu, memory, and IO usage statistics";

    public override string ArgumentsUsage => "<container-id>";

    public override IReadOnlyList<Flag> Flags =>
    [
        new("interval", "set the stats collection interval (default: 5s)", true),
        new("stats", "display the container's stats then exit"),
    ];

    public override int Execute(Arguments args, GlobalOptions global)
    {
        string id = args.Positionals[0];
        var runtime = Runtime(global);
        if (args.Has("stats"))
        {
            Console.Out.WriteLine(runtime.Stats(id).ToJson());
            return 0;
        }
        var interval = Durations.Parse(args.Value("interval") ?? "5s");
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        runtime.Events(id, interval, e =>
        {
            Console.Out.WriteLine(e.ToJson());
            Console.Out.Flush();
        }, cancel.Token);
        return 0;
    }
}
