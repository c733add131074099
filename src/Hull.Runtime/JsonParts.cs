using System.Text.Json;

namespace Hull.Runtime;

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

    public static Dictionary<string, string> ReadMap(JsonElement map) =>
        map.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "", StringComparer.Ordinal);

    public static void WriteList(Utf8JsonWriter json, string name, IEnumerable<string> items)
    {
        json.WriteStartArray(name);
        foreach (string item in items)
            json.WriteStringValue(item);
        json.WriteEndArray();
    }

    public static List<string> ReadList(JsonElement list) => [.. list.EnumerateArray().Select(e => e.GetString() ?? "")];

    /// <exception cref="JsonException">The field is missing.</exception>
    public static string RequiredString(JsonElement element, string name) =>
        OptionalString(element, name) ?? throw new JsonException($"\"{name}\" is missing");

    public static string? OptionalString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public static bool Boolean(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;

    public static int Int32(JsonElement element, string name, int absent) =>
        element.TryGetProperty(name, out var value) ? value.GetInt32() : absent;

    /// <summary>A whole document written with <paramref name="write"/>, between the braces of one object.</summary>
    public static byte[] WriteObject(Action<Utf8JsonWriter> write)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(1024);
        using (var json = new Utf8JsonWriter(buffer, Hull.Spec.Json.JsonEscaper.CompactWriterOptions))
        {
            json.WriteStartObject();
            write(json);
            json.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }
}
