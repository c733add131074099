namespace Hull.Spec;

/// <summary>Turns System.Text.Json error messages into short ones that name JSON types, not .NET types.</summary>
internal static class JsonErrorText
{
    private const string ConvertPrefix = "The JSON value could not be converted to ";

    /// <summary>The reason part of a <see cref="System.Text.Json.JsonException"/> message, without its location.</summary>
    public static string Describe(string message)
    {
        var text = CutAt(CutAt(message, " Path: "), " LineNumber: ").TrimEnd('.', ' ');
        if (text.StartsWith("Expected depth to be zero", StringComparison.Ordinal)
            || text.StartsWith("The input does not contain any JSON tokens", StringComparison.Ordinal))
        {
            return "unexpected end of JSON input";
        }
        if (text.StartsWith(ConvertPrefix, StringComparison.Ordinal))
        {
            return "expected " + JsonTypeName(text[ConvertPrefix.Length..]);
        }
        // Keep the first sentence; the rest of System.Text.Json's text is advice about reader options.
        text = CutAt(text, ". ");
        return text.Length == 0 ? "malformed" : char.ToLowerInvariant(text[0]) + text[1..];
    }

    private static string CutAt(string text, string marker)
    {
        var i = text.IndexOf(marker, StringComparison.Ordinal);
        return i < 0 ? text : text[..i];
    }

    private static string JsonTypeName(string dotnetType)
    {
        const string nullable = "System.Nullable`1[";
        var name = dotnetType.StartsWith(nullable, StringComparison.Ordinal)
            ? dotnetType[nullable.Length..].TrimEnd(']')
            : dotnetType;
        return name switch
        {
            "System.String" => "a string",
            "System.Boolean" => "a boolean",
            "System.Int16" => "an int16",
            "System.UInt16" => "a uint16",
            "System.Int32" => "an int32",
            "System.UInt32" => "a uint32",
            "System.Int64" => "an int64",
            "System.UInt64" => "a uint64",
            _ when name.StartsWith("System.Collections.Generic.List", StringComparison.Ordinal) => "an array",
            _ when name.StartsWith("System.Collections.Generic.Dictionary", StringComparison.Ordinal) => "an object",
            _ when name.StartsWith("Hull.Spec.", StringComparison.Ordinal) => "an object",
            _ => name,
        };
    }
}
