using System.Text;
using Hull.Runtime;

namespace Hull.Cli.Commands;

internal sealed class ListCommand : Command
{
    public override string Name => "list";

    public override string Summary => "lists containers started by hull with the given root";

    public override string ArgumentsUsage => "";

    public override (int Min, int Max) Arity => (0, 0);

    public override IReadOnlyList<Flag> Flags =>
    [
        new("format", "select one of: table or json (default: \"table\")", FlagKind.String, "f"),
        new("quiet", "display only container IDs", FlagKind.Bool, "q"),
    ];

    public override int Execute(Arguments args, GlobalOptions global)
    {
        // As runc: a container whose state cannot be read is named on stderr, and the others are listed.
        var containers = Runtime(global).List((id, error) => StandardStreams.Error.WriteLine($"load container {id}: {error.Message}"));
        if (args.Has("quiet"))
        {
            foreach (var c in containers)
                StandardStreams.Out.WriteLine(c.Id);
            return 0;
        }
        switch (args.Value("format") ?? "table")
        {
            case "table":
                StandardStreams.Out.Write(Table(containers));
                return 0;
            case "json":
                StandardStreams.Out.WriteLine(ContainerInfo.ToJson(containers));
                return 0;
            default:
                throw new Hull.Runtime.HullException("invalid format option", Hull.Runtime.ErrorKind.InvalidArgument);
        }
    }

    /// <summary>runc's table: columns padded to the widest cell plus three spaces, at least twelve wide.</summary>
    public static string Table(IReadOnlyList<ContainerInfo> containers)
    {
        var rows = new List<string[]> { new[] { "ID", "PID", "STATUS", "BUNDLE", "CREATED", "OWNER" } };
        rows.AddRange(containers.Select(c => new[]
        {
            c.Id, c.Pid.ToString(), c.Status, c.Bundle, GoTime.Rfc3339Nano(c.Created), c.Owner,
        }));
        int[] widths = new int[6];
        foreach (var row in rows)
        {
            for (int i = 0; i < row.Length - 1; i++)
                widths[i] = Math.Max(widths[i], Math.Max(12, row[i].Length + 3));
        }
        var text = new StringBuilder();
        foreach (var row in rows)
        {
            for (int i = 0; i < row.Length - 1; i++)
                text.Append(row[i].PadRight(widths[i]));
            text.Append(row[^1]).Append('\n');
        }
        return text.ToString();
    }
}
