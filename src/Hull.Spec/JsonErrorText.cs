namespace Hull.Spec;

/// <summary>Turns System.Text.Json reader messages into short ones in the style of Go's encoding/json.</summary>
internal static class JsonErrorText
{
    /// <summary>The reason part of a <see cref="System.Text.Json.JsonException"/> message, without its location.</summary>
    public static string Describe(string message)
    {
        var text = CutAt(CutAt(message, " Path: "), " LineNumber: ").TrimEnd('.', ' ');
        if (text.StartsWith("Expected depth to be zero", StringComparison.Ordinal)
            || text.StartsWith("The input does not contain any JSON tokens", StringComparison.Ordinal))
        {
            return "unexpected end of JSON input";
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
}
