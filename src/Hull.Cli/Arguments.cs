namespace Hull.Cli;

/// <summary>One flag a command accepts; <see cref="Aliases"/> are alternative names (e.g. "b" for "bundle").</summary>
internal sealed record Flag(string Name, string Help, bool TakesValue = false, params string[] Aliases)
{
    public bool Matches(string name) => Name == name || Aliases.Contains(name);
}

/// <summary>A usage mistake: the CLI prints it with the command's usage line.</summary>
internal sealed class UsageException(string message) : Exception(message);

/// <summary>Parsed flags and positional arguments of one command line.</summary>
internal sealed class Arguments
{
    private readonly Dictionary<string, List<string>> _values = new(StringComparer.Ordinal);

    public List<string> Positionals { get; } = [];

    public bool Has(string name) => _values.TryGetValue(name, out var values) && values[^1] is not "false";

    public string? Value(string name) => _values.TryGetValue(name, out var values) ? values[^1] : null;

    public IReadOnlyList<string> Values(string name) => _values.TryGetValue(name, out var values) ? values : [];

    public int IntValue(string name, int fallback)
    {
        string? text = Value(name);
        if (text is null)
            return fallback;
        return int.TryParse(text, out int value) && value >= 0
            ? value
            : throw new UsageException($"invalid value \"{text}\" for flag --{name}");
    }

    /// <summary>
    /// Parses flags in both spellings runc accepts (--flag and -flag, with "=value" or a separate value)
    /// until the first positional argument; everything after it is positional, as with runc's commands.
    /// </summary>
    public static Arguments Parse(IReadOnlyList<string> args, IReadOnlyList<Flag> flags, bool stopAtFirstPositional = true)
    {
        var parsed = new Arguments();
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            if (arg == "--")
            {
                parsed.Positionals.AddRange(args.Skip(i + 1));
                break;
            }
            if (arg.Length < 2 || arg[0] != '-' || (stopAtFirstPositional && parsed.Positionals.Count > 0))
            {
                parsed.Positionals.Add(arg);
                continue;
            }
            string body = arg.TrimStart('-');
            string? inline = null;
            int eq = body.IndexOf('=');
            if (eq >= 0)
            {
                inline = body[(eq + 1)..];
                body = body[..eq];
            }
            var flag = flags.FirstOrDefault(f => f.Matches(body)) ?? throw new UsageException($"flag provided but not defined: -{body}");
            string value;
            if (flag.TakesValue)
            {
                if (inline is not null)
                    value = inline;
                else if (i + 1 < args.Count)
                    value = args[++i];
                else
                    throw new UsageException($"flag needs an argument: -{body}");
            }
            else
            {
                value = inline ?? "true";
            }
            if (!parsed._values.TryGetValue(flag.Name, out var list))
                parsed._values[flag.Name] = list = [];
            list.Add(value);
        }
        return parsed;
    }
}
