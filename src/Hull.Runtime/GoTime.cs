using System.Globalization;
using Hull.Spec.Json;

namespace Hull.Runtime;

/// <summary>Times as runc prints them: Go's RFC 3339 with nanoseconds, trailing zeros of the fraction dropped, in UTC.</summary>
public static class GoTime
{
    /// <summary>A time field written as Go writes a time.Time.</summary>
    public static readonly JsonCodec<DateTimeOffset> Codec = new GoTimeCodec();

    public static string Rfc3339Nano(DateTimeOffset time)
    {
        var utc = time.UtcDateTime;
        string seconds = utc.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        long fraction = utc.Ticks % TimeSpan.TicksPerSecond * 100;
        string digits = fraction == 0 ? "" : "." + fraction.ToString("D9", CultureInfo.InvariantCulture).TrimEnd('0');
        return seconds + digits + "Z";
    }

    private sealed class GoTimeCodec : JsonCodec<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref SpecJsonReader reader) => JsonScalars.Time.Read(ref reader);

        public override void Write(System.Text.Json.Utf8JsonWriter writer, DateTimeOffset value) => writer.WriteStringValue(Rfc3339Nano(value));
    }
}
