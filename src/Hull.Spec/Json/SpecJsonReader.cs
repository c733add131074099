using System.Text.Json;

namespace Hull.Spec.Json;

/// <summary>
/// A <see cref="Utf8JsonReader"/> over a whole document that also knows where it is, as a JSON path
/// (<c>$.linux.namespaces[1].type</c>) and a line, so that errors can name both.
/// </summary>
public ref struct SpecJsonReader
{
    private readonly ReadOnlySpan<byte> _utf8;
    private readonly List<(string? Name, int Index)> _path = [];

    public Utf8JsonReader Json;

    public SpecJsonReader(ReadOnlySpan<byte> utf8)
    {
        _utf8 = utf8;
        Json = new Utf8JsonReader(utf8);
    }

    public readonly JsonTokenType TokenType => Json.TokenType;

    /// <summary>Moves to the next token.</summary>
    /// <exception cref="JsonException">The text is not well-formed JSON here, or ends early.</exception>
    public bool Read() => Json.Read();

    public readonly void EnterProperty(string name) => _path.Add((name, -1));

    public readonly void EnterItem(int index) => _path.Add((null, index));

    public readonly void Leave() => _path.RemoveAt(_path.Count - 1);

    /// <summary>Where the reader is, in System.Text.Json's notation.</summary>
    public readonly string Path
    {
        get
        {
            var path = new System.Text.StringBuilder("$");
            foreach (var (name, index) in _path)
            {
                if (name is null)
                    path.Append('[').Append(index).Append(']');
                else if (name.AsSpan().ContainsAny(SpecialCharacters))
                    path.Append("['").Append(name).Append("']");
                else
                    path.Append('.').Append(name);
            }
            return path.ToString();
        }
    }

    /// <summary>The 0-based line of the current token.</summary>
    public readonly long Line => _utf8[..(int)Json.TokenStartIndex].Count((byte)'\n');

    /// <summary>The error for a value of the wrong kind, e.g. <c>Expected("a uint32")</c>.</summary>
    public readonly JsonException Expected(string what) => new($"expected {what}", null, Line, null);

    // Names with these are written in brackets, as System.Text.Json writes them.
    private static readonly System.Buffers.SearchValues<char> SpecialCharacters =
        System.Buffers.SearchValues.Create(". '/\"[]()\t\n\r\f\b\\\u0085\u2028\u2029");
}
