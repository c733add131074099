namespace Hull.Spec;

/// <summary>
/// Turns System.Text.Json reader messages into short ones in the words of Go's encoding/json decoder, which runc reads
/// its documents with ("EOF" for nothing at all, "unexpected EOF" for a document cut short). The hull executable is
/// trimmed of the framework's message texts, so there a message is the resource's key and its argument
/// ("ExpectedSeparatorAfterPropertyNameNotFound, \""); elsewhere it is the English text.
/// </summary>
public static class JsonErrorText
{
    /// <summary>The reason part of a <see cref="System.Text.Json.JsonException"/> message, without its location.</summary>
    public static string Describe(string message)
    {
        var text = CutAt(CutAt(message, " Path: "), " LineNumber: ").TrimEnd('.', ' ');
        if (ResourceKey(text) is var (key, argument))
            return FromKey(key, argument);
        if (text.StartsWith("The input does not contain any JSON tokens", StringComparison.Ordinal))
            return "EOF";
        if (text.StartsWith("Expected depth to be zero", StringComparison.Ordinal))
            return UnexpectedEnd;
        // Keep the first sentence; the rest of System.Text.Json's text is advice about reader options.
        text = CutAt(text, ". ");
        return text.Length == 0 ? "malformed" : char.ToLowerInvariant(text[0]) + text[1..];
    }

    private const string UnexpectedEnd = "unexpected EOF";

    /// <summary>A key is one word in Pascal case, with the offending text after a comma.</summary>
    private static (string Key, string Argument)? ResourceKey(string text)
    {
        int comma = text.IndexOf(',', StringComparison.Ordinal);
        string key = comma < 0 ? text : text[..comma];
        if (key.Length == 0 || !char.IsUpper(key[0]) || !key.All(char.IsAsciiLetterOrDigit))
            return null;
        return (key, comma < 0 ? "" : text[(comma + 1)..].TrimStart());
    }

    private static string FromKey(string key, string argument)
    {
        string c = Quoted(argument);
        return key switch
        {
            "ExpectedJsonTokens" => "EOF",
            "ZeroDepthAtEnd" or "EndOfStringNotFound" or "EndOfCommentNotFound" or "NotEnoughData"
                or "InvalidEndOfJsonNonPrimitive" or "RequiredDigitNotFoundEndOfData" or "ExpectedValueAfterPropertyNameNotFound" => UnexpectedEnd,
            "ExpectedSeparatorAfterPropertyNameNotFound" => $"invalid character {c} after object key",
            "ExpectedStartOfPropertyNotFound" or "TrailingCommaNotAllowedBeforeObjectEnd" => $"invalid character {(argument.Length == 0 ? "'}'" : c)} looking for beginning of object key string",
            "ExpectedStartOfValueNotFound" or "ExpectedStartOfPropertyOrValueNotFound" or "ExpectedStartOfPropertyOrValueAfterComment"
                or "TrailingCommaNotAllowedBeforeArrayEnd" => $"invalid character {(argument.Length == 0 ? "']'" : c)} looking for beginning of value",
            "ExpectedEndAfterSingleJson" => $"invalid character {c} after top-level value",
            "FoundInvalidCharacter" or "MismatchedObjectArray" => $"invalid character {c}",
            "ExpectedFalse" => $"invalid character {c} in literal false",
            "ExpectedTrue" => $"invalid character {c} in literal true",
            "ExpectedNull" => $"invalid character {c} in literal null",
            "RequiredDigitNotFoundAfterDecimal" or "RequiredDigitNotFoundAfterSign" or "ExpectedEndOfDigitNotFound" or "InvalidLeadingZeroInNumber"
                => $"invalid character {c} in numeric literal",
            "ExpectedNextDigitEValueNotFound" => $"invalid character {c} in exponent of numeric literal",
            "InvalidCharacterWithinString" => $"invalid character {c} in string literal",
            "InvalidCharacterAfterEscapeWithinString" => $"invalid character {c} in string escape code",
            "InvalidHexCharacterWithinString" => $"invalid character {c} in \\u hexadecimal character escape",
            "CannotTranscodeInvalidUtf8" or "CannotReadInvalidUTF8" => "invalid UTF-8 in string",
            "ArrayDepthTooLarge" or "ObjectDepthTooLarge" or "DepthTooLarge" => "exceeded max depth",
            _ => $"malformed ({key})",
        };
    }

    /// <summary>
    /// The offending character as Go quotes it: 'x', '\n', '\x01'. System.Text.Json gives a control character as
    /// its code ("0x0A").
    /// </summary>
    private static string Quoted(string argument)
    {
        if (argument.Length == 0)
            return "''";
        char c = argument.Length > 2 && argument.StartsWith("0x", StringComparison.Ordinal)
            && int.TryParse(argument.AsSpan(2), System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture, out int code)
            ? (char)code : argument[0];
        return c switch
        {
            '\'' => @"'\''",
            '\\' => @"'\\'",
            '\a' => @"'\a'",
            '\b' => @"'\b'",
            '\f' => @"'\f'",
            '\n' => @"'\n'",
            '\r' => @"'\r'",
            '\t' => @"'\t'",
            '\v' => @"'\v'",
            < ' ' or '\x7f' => $"'\\x{(int)c:x2}'",
            _ => $"'{c}'",
        };
    }

    private static string CutAt(string text, string marker)
    {
        var i = text.IndexOf(marker, StringComparison.Ordinal);
        return i < 0 ? text : text[..i];
    }
}
