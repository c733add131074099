namespace Hull.Cli;

/// <summary>Signal names and numbers as `kill` accepts them: "9", "KILL", "SIGKILL" (any case).</summary>
internal static class Signals
{
    private static readonly string[] Names =
    [
        "", "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL", "USR1", "SEGV", "USR2", "PIPE", "ALRM",
        "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU", "URG", "XCPU", "XFSZ", "VTALRM", "PROF",
        "WINCH", "IO", "PWR", "SYS",
    ];

    public static int Parse(string text)
    {
        if (int.TryParse(text, out int number))
        {
            return number is > 0 and < 65 ? number : throw new UsageException($"invalid signal: {text}");
        }
        string name = text.ToUpperInvariant();
        if (name.StartsWith("SIG", StringComparison.Ordinal))
            name = name[3..];
        int index = Array.IndexOf(Names, name);
        if (index > 0)
            return index;
        if (name.StartsWith("RTMIN", StringComparison.Ordinal) || name.StartsWith("RTMAX", StringComparison.Ordinal))
        {
            int offset = name.Length > 5 && int.TryParse(name[5..], out int o) ? o : 0;
            int signal = name.StartsWith("RTMIN", StringComparison.Ordinal) ? 34 + offset : 64 + offset;
            if (signal is >= 34 and <= 64)
                return signal;
        }
        if (name == "IOT")
            return 6;
        throw new UsageException($"unknown signal \"{text}\"");
    }
}
