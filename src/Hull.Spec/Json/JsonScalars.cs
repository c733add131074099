using System.Text.Json;

namespace Hull.Spec.Json;

/// <summary>Codecs for strings, booleans, the integer widths Go's encoding/json reads strictly, and lists and maps of strings.</summary>
public static class JsonScalars
{
    public static readonly JsonCodec<string> String = new StringCodec();

    public static readonly JsonCodec<bool> Boolean = new BooleanCodec();

    public static readonly JsonCodec<ushort> UInt16 = new NumberCodec<ushort>(
        "a uint16", (ref Utf8JsonReader r, out ushort v) => r.TryGetUInt16(out v), (w, v) => w.WriteNumberValue(v));

    public static readonly JsonCodec<int> Int32 = new NumberCodec<int>(
        "an int32", (ref Utf8JsonReader r, out int v) => r.TryGetInt32(out v), (w, v) => w.WriteNumberValue(v));

    public static readonly JsonCodec<uint> UInt32 = new NumberCodec<uint>(
        "a uint32", (ref Utf8JsonReader r, out uint v) => r.TryGetUInt32(out v), (w, v) => w.WriteNumberValue(v));

    public static readonly JsonCodec<long> Int64 = new NumberCodec<long>(
        "an int64", (ref Utf8JsonReader r, out long v) => r.TryGetInt64(out v), (w, v) => w.WriteNumberValue(v));

    public static readonly JsonCodec<ulong> UInt64 = new NumberCodec<ulong>(
        "a uint64", (ref Utf8JsonReader r, out ulong v) => r.TryGetUInt64(out v), (w, v) => w.WriteNumberValue(v));

    /// <summary>A point in time as an ISO 8601 string, with its offset and 100 ns precision.</summary>
    public static readonly JsonCodec<DateTimeOffset> Time = new TimeCodec();

    public static readonly JsonCodec<List<string>> Strings = new ListCodec<string>(String);

    public static readonly JsonCodec<Dictionary<string, string>> StringMap = new MapCodec<string>(String);

    private sealed class StringCodec : JsonCodec<string>
    {
        public override string Read(ref SpecJsonReader reader) =>
            reader.TokenType == JsonTokenType.String ? reader.Json.GetString()! : throw reader.Expected("a string");

        public override void Write(Utf8JsonWriter writer, string value) => writer.WriteStringValue(value);
    }

    private sealed class TimeCodec : JsonCodec<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref SpecJsonReader reader) =>
            reader.TokenType == JsonTokenType.String && reader.Json.TryGetDateTimeOffset(out var time) ? time : throw reader.Expected("a time");

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value) => writer.WriteStringValue(value);
    }

    private sealed class BooleanCodec : JsonCodec<bool>
    {
        public override bool Read(ref SpecJsonReader reader) => reader.TokenType switch
        {
            JsonTokenType.True => true,
            JsonTokenType.False => false,
            _ => throw reader.Expected("a boolean"),
        };

        public override void Write(Utf8JsonWriter writer, bool value) => writer.WriteBooleanValue(value);
    }

    private delegate bool TryGet<T>(ref Utf8JsonReader reader, out T value);

    private sealed class NumberCodec<T>(string expected, TryGet<T> tryGet, Action<Utf8JsonWriter, T> write) : JsonCodec<T>
        where T : struct
    {
        public override T Read(ref SpecJsonReader reader) =>
            reader.TokenType == JsonTokenType.Number && tryGet(ref reader.Json, out T value) ? value : throw reader.Expected(expected);

        public override void Write(Utf8JsonWriter writer, T value) => write(writer, value);
    }
}
