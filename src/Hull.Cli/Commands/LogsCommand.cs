using System.Text;
using Hull.Driver.Monitor;

namespace Hull.Cli.Commands;

/// <summary>Prints a monitored container's log: its stdout to stdout and its stderr to stderr.</summary>
internal sealed class LogsCommand : Command
{
    public override string Name => "logs";

    public override string Summary => "print the log of a monitored container";

    public override string ArgumentsUsage => "<container-id>";

    public override IReadOnlyList<Flag> Flags =>
    [
        new("follow", "keep printing new output until the container's monitor exits", FlagKind.Bool, "f"),
        new("timestamps", "prefix each line with its time", FlagKind.Bool, "t"),
    ];

    public override int Execute(Arguments args, GlobalOptions global)
    {
        var container = MonitoredContainer.Open(global.ToRuntimeOptions().Root, args.Positionals[0]);
        bool timestamps = args.Has("timestamps");
        using var stdout = StandardStreams.OpenOutput();
        using var stderr = StandardStreams.OpenError();
        bool lineStart = true;
        void Print(LogEntry entry)
        {
            var target = entry.Stream == LogStream.Stdout ? stdout : stderr;
            string text = (timestamps && lineStart ? LogEntry.Timestamp(entry.Time) + " " : "") + entry.Text + (entry.Partial ? "" : "\n");
            target.Write(Encoding.UTF8.GetBytes(text));
            lineStart = !entry.Partial;
        }
        if (args.Has("follow"))
        {
            var entries = container.FollowLogAsync().GetAsyncEnumerator();
            while (entries.MoveNextAsync().AsTask().GetAwaiter().GetResult())
                Print(entries.Current);
        }
        else
        {
            foreach (var entry in container.ReadLog())
                Print(entry);
        }
        return 0;
    }
}
