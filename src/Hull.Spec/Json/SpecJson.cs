using System.Buffers;
using System.Text.Json;

namespace Hull.Spec.Json;

/// <summary>
/// Reads and writes the specification's documents with hand-made codecs. System.Text.Json's serializer
/// would first build metadata for the whole type graph, through reflection, on every process start; that
/// costs more than a container's whole rootfs setup, and `create` pays it in the runtime and again in the init.
/// </summary>
public static class SpecJson
{
    // As runc writes config.json: indented with tabs, and without escaping '<', '>', '&' and '+' that only matters in HTML.
    private static readonly JsonWriterOptions IndentedOptions = new()
    {
        Indented = true,
        IndentCharacter = '\t',
        IndentSize = 1,
        Encoder = JsonEscaper.Instance,
    };

    // Compact documents go to Hull's own processes, to hooks and to the state directory.
    private static readonly JsonWriterOptions CompactOptions = JsonEscaper.CompactWriterOptions;

    /// <summary>Reads a whole document; null when it is JSON <c>null</c>.</summary>
    /// <exception cref="JsonException">The text is not well-formed, or a value has the wrong kind; <see cref="JsonException.Path"/> says where.</exception>
    public static T? Read<T>(ReadOnlySpan<byte> utf8, JsonCodec<T> codec)
        where T : class
    {
        var reader = new SpecJsonReader(utf8);
        try
        {
            reader.Read();
            var value = reader.TokenType == JsonTokenType.Null ? null : codec.Read(ref reader);
            // Past the value: anything but the end of the text is an error the reader raises.
            reader.Read();
            return value;
        }
        catch (JsonException e) when (e.Path is null)
        {
            throw new JsonException(e.Message, reader.Path, e.LineNumber, e.BytePositionInLine, e);
        }
    }

    /// <summary>Writes a document: indented like runc's config.json, or compact.</summary>
    public static byte[] Write<T>(T value, JsonCodec<T> codec, bool indented = true)
        where T : class =>
        Write(value, codec, indented ? IndentedOptions : CompactOptions);

    /// <summary>Writes a document laid out as <paramref name="options"/> say.</summary>
    public static byte[] Write<T>(T value, JsonCodec<T> codec, JsonWriterOptions options)
        where T : class
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(buffer, options))
            codec.Write(writer, value);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>As <see cref="Write{T}(T, JsonCodec{T}, bool)"/>, as a string.</summary>
    public static string WriteText<T>(T value, JsonCodec<T> codec, bool indented = true)
        where T : class =>
        System.Text.Encoding.UTF8.GetString(Write(value, codec, indented));
}
