using System.Runtime.InteropServices;

namespace Hull.Cli.Commands;

internal sealed class EventsCommand : Command
{
    public override string Name => "events";

    public override string Summary => "display container events such as OOM notifications, cpu, memory, and IO usage statistics";

    public override string ArgumentsUsage => "<container-id>";

    public override IReadOnlyList<Flag> Flags =>
    [
        new("interval", "set the stats collection interval (default: 5s)", FlagKind.Duration),
        new("stats", "display the container's stats then exit"),
    ];

    public override int Execute(Arguments args, GlobalOptions global)
    {
        string id = args.Positionals[0];
        var runtime = Runtime(global);
        runtime.State(id);
        var interval = TimeSpan.FromSeconds(5);
        if (args.Value("interval") is { } text)
            Durations.TryParse(text, out interval);
        if (interval <= TimeSpan.Zero)
            throw new Hull.Runtime.HullException("duration interval must be greater than 0", Hull.Runtime.ErrorKind.InvalidArgument);
        if (args.Has("stats"))
        {
            StandardStreams.Out.WriteLine(runtime.Stats(id).ToJson());
            return 0;
        }
        using var cancel = new CancellationTokenSource();
        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            cancel.Cancel();
        }
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        runtime.Events(id, interval, e => StandardStreams.Out.WriteLine(e.ToJson()), cancel.Token);
        return 0;
    }
}
