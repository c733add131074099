using System.Globalization;
using System.Text.RegularExpressions;

namespace Hull.Cli;

/// <summary>Sizes as runc takes them (go-units' RAMInBytes): "1048576", "512k", "64m", "1.5GiB"; powers of 1024.</summary>
internal static partial class ByteSize
{
    public static long? TryParse(string text)
    {
        var match = Size().Match(text);
        if (!match.Success || !double.TryParse(match.Groups[1].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double value))
            return null;
        int power = match.Groups[3].Success ? "kmgtp".IndexOf(char.ToLowerInvariant(match.Groups[3].Value[0])) + 1 : 0;
        return (long)(value * Math.Pow(1024, power));
    }

    public static long Parse(string text, string flag) =>
        TryParse(text) ?? throw new Hull.Runtime.HullException($"invalid value for {flag}: invalid size: '{text}'", Hull.Runtime.ErrorKind.InvalidArgument);

    [GeneratedRegex(@"^(\d+(\.\d+)*) ?([kKmMgGtTpP])?[iI]?[bB]?$")]
    private static partial Regex Size();
}
