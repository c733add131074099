namespace Hull.Tests.Differential.Scenarios;

/// <summary>
/// One flag of one command, expanded into a scenario per way a caller can write it: <c>--flag</c>, <c>-flag</c>, the
/// short alias, <c>--flag=value</c>, and after the container id (runc moves flags that follow the arguments in front
/// of them, except for exec and ps, whose later arguments are the process's).
/// </summary>
internal sealed record FlagCase(string Command, string Flag)
{
    /// <summary>The command line: {F} is where flags go before the arguments, {A} where they go after them.</summary>
    public required string Line { get; init; }

    public string? Short { get; init; }

    /// <summary>The flag's value; null for a boolean flag.</summary>
    public string? Value { get; init; }

    public string Config { get; init; } = ".";

    public string[] Before { get; init; } = [];

    public string[] After { get; init; } = [];

    public string? Skip { get; init; }

    public IEnumerable<Scenario> Expand()
    {
        string value = Value is null ? "" : " " + Value;
        var spellings = new List<(string Name, string Before, string After)>
        {
            ("long", $"--{Flag}{value}", ""),
            ("single-dash", $"-{Flag}{value}", ""),
            ("after-id", "", $" --{Flag}{value}"),
        };
        if (Short is not null)
            spellings.Add(("short", $"-{Short}{value}", ""));
        if (Value is not null)
            spellings.Add(("equals", $"--{Flag}={Value}", ""));
        foreach (var (name, before, after) in spellings)
        {
            string line = Line.Replace("{F}", before, StringComparison.Ordinal).Replace("{A}", after, StringComparison.Ordinal);
            yield return new Scenario($"{Command}/flag-{Flag}/{name}", [.. Before, line, .. After]) { Config = Config, Skip = Skip };
        }
    }
}
