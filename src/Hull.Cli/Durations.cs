using System.Globalization;

namespace Hull.Cli;

/// <summary>Durations in Go's notation (time.ParseDuration), as runc takes them: "5s", "500ms", "1m30s", "2h", "0".</summary>
internal static class Durations
{
    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        string s = text;
        bool negative = s.StartsWith('-');
        if (s.Length > 0 && s[0] is '-' or '+')
            s = s[1..];
        if (s == "0")
            return true;
        if (s.Length == 0)
            return false;
        double ticks = 0;
        int i = 0;
        while (i < s.Length)
        {
            int start = i;
            while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.'))
                i++;
            int unitStart = i;
            while (i < s.Length && !char.IsAsciiDigit(s[i]) && s[i] != '.')
                i++;
            if (start == unitStart || !double.TryParse(s[start..unitStart], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double value))
                return false;
            double? unit = s[unitStart..i] switch
            {
                "ns" => 0.01,
                "us" or "µs" or "μs" => TimeSpan.TicksPerMillisecond / 1000.0,
                "ms" => TimeSpan.TicksPerMillisecond,
                "s" => TimeSpan.TicksPerSecond,
                "m" => TimeSpan.TicksPerMinute,
                "h" => TimeSpan.TicksPerHour,
                _ => null,
            };
            if (unit is null)
                return false;
            ticks += value * unit.Value;
        }
        duration = TimeSpan.FromTicks((long)(negative ? -ticks : ticks));
        return true;
    }
}
