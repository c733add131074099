using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Hull.Spec.Json;

/// <summary>
/// Escapes what JSON itself needs escaped, as Go's encoding/json does without HTML escaping: the quote, the
/// backslash, control characters, and U+2028/U+2029 (line breaks to JavaScript). Everything else is written as it is.
/// </summary>
/// <remarks>
/// Utf8JsonWriter asks its encoder about every string it writes, and without one it sets up
/// <see cref="JavaScriptEncoder.Default"/>, whose tables of allowed characters take about 0.1 ms to build in every
/// process that writes a document: `create`, the init's parent, `exec`. This encoder needs no tables.
/// </remarks>
public sealed class JsonEscaper : JavaScriptEncoder
{
    /// <summary>The one instance; it holds no state.</summary>
    public static JsonEscaper Instance { get; } = new();

    /// <summary>Options for a compact document written with this encoder.</summary>
    public static JsonWriterOptions CompactWriterOptions { get; } = new() { Encoder = Instance };

    private JsonEscaper()
    {
    }

    /// <summary>A "\uXXXX" escape for one UTF-16 code unit.</summary>
    public override int MaxOutputCharactersPerInputCharacter => 6;

    /// <inheritdoc/>
    public override bool WillEncode(int unicodeScalar) =>
        unicodeScalar < 0x20 || unicodeScalar is '"' or '\\' or 0x2028 or 0x2029;

    /// <summary>
    /// The first character that needs escaping; surrogates too, so that the base class checks that they pair up
    /// (a lone one is written as U+FFFD) before the writer transcodes the text.
    /// </summary>
    public override unsafe int FindFirstCharacterToEncode(char* text, int textLength)
    {
        for (int i = 0; i < textLength; i++)
        {
            char c = text[i];
            if (WillEncode(c) || char.IsSurrogate(c))
                return i;
        }
        return -1;
    }

    /// <inheritdoc/>
    public override unsafe bool TryEncodeUnicodeScalar(int unicodeScalar, char* buffer, int bufferLength, out int numberOfCharactersWritten)
    {
        var destination = new Span<char>(buffer, bufferLength);
        numberOfCharactersWritten = 0;
        if (!WillEncode(unicodeScalar))
            return Rune.TryCreate(unicodeScalar, out var rune) && rune.TryEncodeToUtf16(destination, out numberOfCharactersWritten);
        string escape = unicodeScalar switch
        {
            '"' => "\\\"",
            '\\' => "\\\\",
            '\n' => "\\n",
            '\r' => "\\r",
            '\t' => "\\t",
            '\b' => "\\b",
            '\f' => "\\f",
            _ => "\\u" + unicodeScalar.ToString("x4", CultureInfo.InvariantCulture),
        };
        if (!escape.TryCopyTo(destination))
            return false;
        numberOfCharactersWritten = escape.Length;
        return true;
    }
}
