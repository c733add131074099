using System.Text;
using System.Text.RegularExpressions;

namespace Hull.Tests.Differential;

/// <summary>
/// An observation as text, in a form both runtimes can be compared in: the runtime's name and binary, timestamps and
/// pids written as placeholders. Dates keep their shape (fraction, zone), since a caller parses them.
/// </summary>
public static partial class Transcript
{
    public static string Of(Scenario scenario, Observation observation, RuntimeUnderTest runtime)
    {
        var text = new StringBuilder();
        for (int i = 0; i < scenario.Steps.Length; i++)
        {
            var step = observation.Steps[i];
            text.Append($"$ {scenario.Steps[i]}\n");
            text.Append(step.TimedOut ? "timed out\n" : $"exit {step.ExitCode}\n");
            if (step.Stdout.Length > 0)
                text.Append("stdout:\n").Append(Block(step.Stdout));
            if (step.Stderr.Length > 0)
                text.Append("stderr:\n").Append(Block(step.Stderr));
        }
        if (observation.BundleChanges.Count > 0)
            text.Append("bundle:\n").Append(Block(string.Join('\n', observation.BundleChanges)));
        return Normalize(text.ToString(), runtime);
    }

    /// <summary>
    /// Output indented under its heading. After "Incorrect Usage" comes the command's help, whose wording is each
    /// runtime's own (the help scenarios compare its shape): only that it follows is kept.
    /// </summary>
    private static string Block(string output)
    {
        var lines = output.TrimEnd('\n').Split('\n');
        if (lines[0].StartsWith("Incorrect Usage", StringComparison.Ordinal) && lines.Length > 1)
            lines = [lines[0], "(help)"];
        else if (!output.EndsWith('\n'))
            lines = [.. lines, "(no line break at the end)"];
        return string.Concat(lines.Select(line => $"  {line}\n"));
    }

    private static string Normalize(string text, RuntimeUnderTest runtime)
    {
        text = text.Replace(runtime.Binary, "RUNTIME", StringComparison.Ordinal);
        text = RuntimeName().Replace(text, "RUNTIME");
        text = LogTime().Replace(text, "time=\"TIME\"");
        text = Timestamp().Replace(text, m => "TIME" + (m.Groups[1].Success ? ".N" : "") + (m.Groups[2].Value == "Z" ? "Z" : "+ZONE"));
        text = PidField().Replace(text, "\"pid\": PID");
        text = ProcFd().Replace(text, "/proc/self/fd/N");
        text = PidInMessage().Replace(text, m => m.Groups[1].Value + "PID");
        text = Usage().Replace(text, m => m.Groups[1].Value + "N");
        // runc joins hierarchies in Go's random map order: which one it names first is chance.
        text = JoinedHierarchy().Replace(text, m => m.Groups[1].Value + "HIERARCHY");
        return text;
    }

    [GeneratedRegex(@"\b(runc|hull)\b")]
    private static partial Regex RuntimeName();

    [GeneratedRegex("time=\"[^\"]*\"")]
    private static partial Regex LogTime();

    [GeneratedRegex(@"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)")]
    private static partial Regex Timestamp();

    [GeneratedRegex("\"pid\": ?[1-9][0-9]*")]
    private static partial Regex PidField();

    [GeneratedRegex(@"/proc/self/fd/[0-9]+")]
    private static partial Regex ProcFd();

    [GeneratedRegex(@"(\bpid |failed to write |nsexec(?:-[0-9])?\[)[1-9][0-9]*")]
    private static partial Regex PidInMessage();

    [GeneratedRegex(@"((?:current|peak) usage: )[0-9]+")]
    private static partial Regex Usage();

    [GeneratedRegex(@"(to cgroups: failed to write PID: openat2 /sys/fs/cgroup/)[^/]+")]
    private static partial Regex JoinedHierarchy();
}
