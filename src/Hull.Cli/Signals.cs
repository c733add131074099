using System.Globalization;

namespace Hull.Cli;

/// <summary>
/// Signals as runc's kill takes them: any number as it is (the kernel judges it), or one of the 31 standard names, with
/// or without "SIG", in any case.
/// </summary>
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
        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int number))
            return number;
        string name = text.ToUpperInvariant();
        int index = Array.IndexOf(Names, name.StartsWith("SIG", StringComparison.Ordinal) ? name[3..] : name);
        return index > 0 ? index : throw new Hull.Runtime.HullException($"unknown signal \"{text}\"", Hull.Runtime.ErrorKind.InvalidArgument);
    }
}
