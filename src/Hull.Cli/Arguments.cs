using System.Globalization;

namespace Hull.Cli;

/// <summary>
/// Parsed flags and positional arguments of one command line, by the rules runc's command line (urfave/cli 1.22 over
/// Go's flag package) follows, so that every line runc accepts means the same here:
/// <list type="bullet">
/// <item>-flag and --flag alike; a value as -flag=value or as the next argument (even one starting with '-');
/// a boolean takes only -flag or -flag=false.</item>
/// <item>Parsing ends at the first argument that is not a flag, or after "--".</item>
/// <item>For most commands, flags that follow the arguments are moved in front of them first (<see cref="Reorder"/>).</item>
/// </list>
/// </summary>
internal sealed class Arguments
{
    private readonly Dictionary<string, List<string>> _values = new(StringComparer.Ordinal);

    public List<string> Positionals { get; } = [];

    public bool Has(string name) => _values.TryGetValue(name, out var values) && values[^1] is not "false";

    public string? Value(string name) => _values.TryGetValue(name, out var values) ? values[^1] : null;

    public IReadOnlyList<string> Values(string name) => _values.TryGetValue(name, out var values) ? values : [];

    public int Int(string name, int fallback = 0) =>
        Value(name) is { } text ? int.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture) : fallback;

    /// <summary>
    /// Parses <paramref name="args"/> against <paramref name="flags"/> (and -h/--help); errors name
    /// <paramref name="owner"/>, whose help goes with them (null: the program's).
    /// </summary>
    public static Arguments Parse(IReadOnlyList<string> args, IReadOnlyList<Flag> flags, Command? owner, bool reorder)
    {
        var list = reorder ? Reorder(args, flags) : args;
        var parsed = new Arguments();
        for (int i = 0; i < list.Count; i++)
        {
            string arg = list[i];
            if (arg == "--")
            {
                parsed.Positionals.AddRange(list.Skip(i + 1));
                break;
            }
            if (arg.Length < 2 || arg[0] != '-')
            {
                parsed.Positionals.AddRange(list.Skip(i));
                break;
            }
            string body = arg[(arg[1] == '-' ? 2 : 1)..];
            if (body.Length == 0 || body[0] is '-' or '=')
                throw Error($"bad flag syntax: {arg}", owner);
            string? inline = null;
            int eq = body.IndexOf('=');
            if (eq > 0)
            {
                inline = body[(eq + 1)..];
                body = body[..eq];
            }
            var flag = flags.FirstOrDefault(f => f.Matches(body))
                ?? (Flag.HelpFlag.Matches(body) ? Flag.HelpFlag : throw Error($"flag provided but not defined: -{body}", owner));
            string value;
            if (!flag.TakesValue)
            {
                value = inline ?? "true";
                if (ParseBool(value) is not { } boolean)
                    throw Error($"invalid boolean value \"{value}\" for -{body}: parse error", owner);
                value = boolean ? "true" : "false";
            }
            else if (inline is not null)
            {
                value = inline;
            }
            else if (i + 1 < list.Count)
            {
                value = list[++i];
            }
            else
            {
                throw Error($"flag needs an argument: -{body}", owner);
            }
            if (Invalid(flag.Kind, value) is { } reason)
                throw Error($"invalid value \"{value}\" for flag -{body}: {reason}", owner);
            if (!parsed._values.TryGetValue(flag.Name, out var values))
                parsed._values[flag.Name] = values = [];
            values.Add(value);
        }
        return parsed;
    }

    /// <summary>
    /// Moves the command's own flags (and the argument after one given without "=", its value unless it is itself a
    /// flag) in front of the other arguments, as runc's command line library does: runc accepts `delete ID -f` as
    /// `delete -f ID`. A "--" ends the moving, and goes in front of the arguments, so that what follows it stays an
    /// argument even when it starts with '-'.
    /// </summary>
    public static List<string> Reorder(IReadOnlyList<string> args, IReadOnlyList<Flag> flags)
    {
        bool IsFlag(string arg)
        {
            if (arg is "-" or "--" || !arg.StartsWith('-'))
                return false;
            string name = arg[(arg.StartsWith("--", StringComparison.Ordinal) ? 2 : 1)..].Split('=')[0];
            return flags.Any(f => f.Matches(name)) || Flag.HelpFlag.Matches(name);
        }
        var moved = new List<string>();
        var rest = new List<string>();
        bool mayBeValue = false;
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            if (mayBeValue && !IsFlag(arg))
            {
                mayBeValue = false;
                moved.Add(arg);
            }
            else if (arg == "--")
            {
                rest.Insert(0, "--");
                rest.AddRange(args.Skip(i + 1));
                break;
            }
            else if (IsFlag(arg))
            {
                moved.Add(arg);
                mayBeValue = !arg.Contains('=');
            }
            else
            {
                rest.Add(arg);
            }
        }
        return [.. moved, .. rest];
    }

    private static UsageException Error(string message, Command? owner) => new(message, owner, UsageProblem.Flag);

    /// <summary>Go's strconv.ParseBool.</summary>
    private static bool? ParseBool(string text) => text switch
    {
        "1" or "t" or "T" or "true" or "TRUE" or "True" => true,
        "0" or "f" or "F" or "false" or "FALSE" or "False" => false,
        _ => null,
    };

    /// <summary>Why <paramref name="value"/> is not a value of <paramref name="kind"/>, in Go's words; null when it is.</summary>
    private static string? Invalid(FlagKind kind, string value) => kind switch
    {
        FlagKind.Int when !long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _) => "parse error",
        FlagKind.IntList when !long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _) =>
            $"strconv.ParseInt: parsing \"{value}\": invalid syntax",
        FlagKind.Duration when !Durations.TryParse(value, out _) => "parse error",
        _ => null,
    };
}
