using System.Globalization;

namespace Hull.Cli;

/// <summary>Sizes as runc's flags take them: "1048576", "512k", "64m", "1g" (powers of 1024), "-1" for unlimited.</summary>
internal static class ByteSize
{
    public static long Parse(string text, string flag)
    {
        string s = text.Trim().ToLowerInvariant();
        if (s == "-1")
            return -1;
        if (s.EndsWith('b'))
            s = s[..^1];
        long multiplier = s.Length > 0 ? s[^1] switch
        {
            'k' => 1L << 10,
            'm' => 1L << 20,
            'g' => 1L << 30,
            't' => 1L << 40,
            'p' => 1L << 50,
            _ => 1,
        } : 1;
        if (multiplier != 1)
            s = s[..^1];
        if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || value < 0)
            throw new UsageException($"invalid value \"{text}\" for flag --{flag}");
        return (long)(value * multiplier);
    }
}
