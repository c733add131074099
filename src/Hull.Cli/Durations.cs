using System.Globalization;

namespace Hull.Cli;

/// <summary>Durations in Go's notation, as runc takes them: "5s", "500ms", "1m30s", "2h".</summary>
internal static class Durations
{
    public static TimeSpan Parse(string text)
    {
        var total = TimeSpan.Zero;
        int i = 0;
        while (i < text.Length)
        {
            int start = i;
            while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.'))
                i++;
            int unitStart = i;
            while (i < text.Length && char.IsAsciiLetter(text[i]))
                i++;
            if (start == unitStart || !double.TryParse(text[start..unitStart], NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
                throw new UsageException($"invalid duration \"{text}\"");
            total += text[unitStart..i] switch
            {
                "ns" => TimeSpan.FromTicks((long)(value / 100)),
                "us" or "µs" => TimeSpan.FromMicroseconds(value),
                "ms" => TimeSpan.FromMilliseconds(value),
                "s" => TimeSpan.FromSeconds(value),
                "m" => TimeSpan.FromMinutes(value),
                "h" => TimeSpan.FromHours(value),
                _ => throw new UsageException($"invalid duration \"{text}\""),
            };
        }
        return total > TimeSpan.Zero ? total : throw new UsageException("duration must be greater than 0");
    }
}
