using System.Text.Json;

namespace Hull.Runtime;

/// <summary>Reads one field's value, the reader being on its first token.</summary>
internal delegate void FieldReader(string name, ref Utf8JsonReader reader);

/// <summary>Reads one list item, the reader being on its first token.</summary>
internal delegate T ItemReader<out T>(ref Utf8JsonReader reader);

/// <summary>
/// Pieces of the runtime's own JSON files and messages (state.json, the init's configuration), which are read
/// and written by hand: a JsonSerializerContext would first build metadata for the whole type graph on every start.
/// </summary>
internal static class JsonParts
{
    public static void WriteMap(Utf8JsonWriter json, string name, IReadOnlyDictionary<string, string> map)
    {
        json.WriteStartObject(name);
        foreach (var (key, value) in map)
            json.WriteString(key, value);
        json.WriteEndObject();
    }

    public static void WriteList(Utf8JsonWriter json, string name, IEnumerable<string> items)
    {
        json.WriteStartArray(name);
        foreach (string item in items)
            json.WriteStringValue(item);
        json.WriteEndArray();
    }

    /// <summary>
    /// Reads a document that is one object, calling <paramref name="field"/> with the reader on each field's value;
    /// a value the callback leaves unread is skipped. Utf8JsonReader alone: JsonDocument rents its buffers from the
    /// shared array pool, whose first use calibrates processor-number lookups for a tenth of a millisecond.
    /// </summary>
    /// <exception cref="JsonException">The text is not one well-formed object.</exception>
    public static void ReadDocument(ReadOnlySpan<byte> utf8, FieldReader field)
    {
        var reader = new Utf8JsonReader(utf8);
        try
        {
            reader.Read();
            ReadObject(ref reader, field);
        }
        catch (InvalidOperationException e)
        {
            // A value of the wrong kind (a string where a number belongs, say).
            throw new JsonException(e.Message, e);
        }
    }

    /// <summary>As <see cref="ReadDocument"/>, for an object the reader is on; it ends on the object's end.</summary>
    public static void ReadObject(ref Utf8JsonReader reader, FieldReader field)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
            throw new JsonException($"expected an object, not {reader.TokenType}");
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            string name = reader.GetString()!;
            reader.Read();
            int depth = reader.CurrentDepth;
            field(name, ref reader);
            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && reader.CurrentDepth == depth)
                reader.Skip();
        }
    }

    /// <summary>The string the reader is on; null for any other value.</summary>
    public static string? String(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.String ? reader.GetString() : null;

    public static bool Boolean(ref Utf8JsonReader reader) => reader.TokenType == JsonTokenType.True;

    public static Dictionary<string, string> ReadMap(ref Utf8JsonReader reader)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        ReadObject(ref reader, (string name, ref Utf8JsonReader value) => map[name] = String(ref value) ?? "");
        return map;
    }

    public static List<T> ReadList<T>(ref Utf8JsonReader reader, ItemReader<T> item)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
            throw new JsonException($"expected a list, not {reader.TokenType}");
        var list = new List<T>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            list.Add(item(ref reader));
        return list;
    }

    /// <exception cref="JsonException">The field is missing.</exception>
    public static string Required(string? value, string name) =>
        value ?? throw new JsonException($"\"{name}\" is missing");

    /// <summary>A whole compact document written with <paramref name="write"/>, between the braces of one object.</summary>
    public static byte[] WriteObject(Action<Utf8JsonWriter> write) =>
        Write(Hull.Spec.Json.JsonEscaper.CompactWriterOptions, json =>
        {
            json.WriteStartObject();
            write(json);
            json.WriteEndObject();
        });

    /// <summary>A whole document written with <paramref name="write"/>.</summary>
    public static byte[] Write(JsonWriterOptions options, Action<Utf8JsonWriter> write)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(1024);
        using (var json = new Utf8JsonWriter(buffer, options))
            write(json);
        return buffer.WrittenSpan.ToArray();
    }
}
