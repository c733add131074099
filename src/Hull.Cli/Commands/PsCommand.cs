using System.Text.Json;

namespace Hull.Cli.Commands;

internal sealed class PsCommand : Command
{
    public override string Name => "ps";

    public override string Summary => "ps displays the processes running inside a container";

    public override string ArgumentsUsage => "<container-id> [ps options]";

    public override (int Min, int Max) Arity => (1, int.MaxValue);

    public override bool ReordersFlags => false;

    public override IReadOnlyList<Flag> Flags => [new("format", "select one of: table or json (default: \"table\")", FlagKind.String, "f")];

    public override int Execute(Arguments args, GlobalOptions global)
    {
        var pids = Runtime(global).Processes(args.Positionals[0]);
        switch (args.Value("format") ?? "table")
        {
            case "json":
                StandardStreams.Out.WriteLine(JsonSerializer.Serialize(pids.ToArray(), CliJsonContext.Default.Int32Array));
                return 0;
            case "table":
                StandardStreams.Out.Write(Table(pids, args.Positionals.Count > 1 ? args.Positionals.Skip(1).ToList() : ["-ef"]));
                return 0;
            default:
                throw new Hull.Runtime.HullException("invalid format option", Hull.Runtime.ErrorKind.InvalidArgument);
        }
    }

    /// <summary>ps(1)'s own output, keeping the header and the lines whose PID column names a container process, as runc does.</summary>
    private static string Table(IReadOnlyList<int> pids, List<string> psArgs)
    {
        string path = Hull.Linux.ChildProgram.Find("ps") ?? throw new Hull.Runtime.HullException("exec: \"ps\": executable file not found in $PATH");
        // Its standard output and error together, as runc reads them; a failure quotes both.
        var (status, output) = Hull.Linux.ChildProgram.Run(path, ["ps", .. psArgs], 1, 2);
        if (status != 0)
            throw new Hull.Runtime.HullException($"{Hull.Runtime.WaitStatus.Describe(status)}: {output}");
        string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length == 0)
            return "";
        int column = Array.IndexOf(lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries), "PID");
        if (column < 0)
            throw new Hull.Runtime.HullException("couldn't find PID field in ps output");
        var wanted = pids.ToHashSet();
        var kept = lines.Skip(1).Where(line =>
        {
            string[] fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return fields.Length > column && int.TryParse(fields[column], out int pid) && wanted.Contains(pid);
        });
        return string.Join('\n', kept.Prepend(lines[0])) + "\n";
    }
}
