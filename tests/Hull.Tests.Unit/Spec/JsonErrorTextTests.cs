using Hull.Spec;

namespace Hull.Tests.Unit.Spec;

/// <summary>The hull executable carries System.Text.Json's resource keys, not its texts: both read as Go's words.</summary>
public sealed class JsonErrorTextTests
{
    [Theory]
    [InlineData("ZeroDepthAtEnd, LineNumber: 0 | BytePositionInLine: 35.", "unexpected EOF")]
    [InlineData("EndOfStringNotFound LineNumber: 0 | BytePositionInLine: 200.", "unexpected EOF")]
    [InlineData("ExpectedJsonTokens LineNumber: 0 | BytePositionInLine: 0.", "EOF")]
    [InlineData("ExpectedSeparatorAfterPropertyNameNotFound, \" LineNumber: 0 | BytePositionInLine: 5.", "invalid character '\"' after object key")]
    [InlineData("TrailingCommaNotAllowedBeforeObjectEnd LineNumber: 0 | BytePositionInLine: 23.", "invalid character '}' looking for beginning of object key string")]
    [InlineData("ExpectedStartOfValueNotFound, x LineNumber: 0 | BytePositionInLine: 1.", "invalid character 'x' looking for beginning of value")]
    [InlineData("InvalidCharacterWithinString, 0x0A LineNumber: 0 | BytePositionInLine: 10.", "invalid character '\\n' in string literal")]
    [InlineData("InvalidCharacterWithinString, 0x01 LineNumber: 0 | BytePositionInLine: 10.", "invalid character '\\x01' in string literal")]
    [InlineData("CannotTranscodeInvalidUtf8", "invalid UTF-8 in string")]
    [InlineData("'x' is an invalid start of a value. LineNumber: 0 | BytePositionInLine: 1.", "'x' is an invalid start of a value")]
    public void MessagesReadAsGoWordsThem(string message, string expected) =>
        Assert.Equal(expected, JsonErrorText.Describe(message));
}
