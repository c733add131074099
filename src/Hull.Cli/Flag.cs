namespace Hull.Cli;

/// <summary>What a flag's value is, which decides how it is parsed and what a bad one is called.</summary>
internal enum FlagKind
{
    Bool,
    String,
    /// <summary>A string that may be given several times; every value is kept.</summary>
    StringList,
    Int,
    /// <summary>An integer that may be given several times.</summary>
    IntList,
    Duration,
}

/// <summary>One flag a command accepts; <see cref="Aliases"/> are other names for it (e.g. "b" for "bundle").</summary>
internal sealed record Flag(string Name, string Help, FlagKind Kind = FlagKind.Bool, params string[] Aliases)
{
    public bool TakesValue => Kind != FlagKind.Bool;

    public bool Matches(string name) => Name == name || Aliases.Contains(name);

    /// <summary>The help line's flag column, e.g. "--bundle value, -b value".</summary>
    public string Names => string.Join(", ", new[] { Name }.Concat(Aliases).Select(n => (n.Length == 1 ? "-" : "--") + n + (TakesValue ? " value" : "")));

    /// <summary>Every command takes -h and --help.</summary>
    public static readonly Flag HelpFlag = new("help", "show help", FlagKind.Bool, "h");
}
