using System.Text;

namespace Hull.Cli;

/// <summary>Strings quoted as Go (and so runc's log) quotes them.</summary>
internal static class GoText
{
    /// <summary>logrus's rule: bare when made only of letters, digits and -._/@^+; quoted as Go's %q otherwise.</summary>
    public static string QuoteIfNeeded(string text) =>
        text.Length > 0 && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '/' or '@' or '^' or '+') ? text : Quote(text);

    /// <summary>Go's strconv.Quote: backslash escapes for quotes, backslashes and control characters.</summary>
    public static string Quote(string text)
    {
        var quoted = new StringBuilder("\"");
        foreach (char c in text)
        {
            quoted.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\a' => "\\a",
                '\b' => "\\b",
                '\f' => "\\f",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                '\v' => "\\v",
                < ' ' or '\x7f' => $"\\x{(int)c:x2}",
                _ => c.ToString(),
            });
        }
        return quoted.Append('"').ToString();
    }
}
