using Hull.Spec;

namespace Hull.Tests.Unit.Spec;

public sealed class JsonEscaperTests
{
    [Theory]
    [InlineData("plain <html> & 'quotes' + ü 😀", "plain <html> & 'quotes' + ü 😀")]
    [InlineData("say \"hi\" \\ bye", "say \\\"hi\\\" \\\\ bye")]
    [InlineData("a\nb\tc\rd\be\ff", "a\\nb\\tc\\rd\\be\\ff")]
    [InlineData("bell\u0007 esc\u001b", "bell\\u0007 esc\\u001b")]
    [InlineData("line\u2028para\u2029", "line\\u2028para\\u2029")]
    public void EscapesOnlyWhatJsonNeedsLikeGo(string hostname, string expected)
    {
        var spec = new RuntimeSpec { Hostname = hostname };

        string compact = SpecLoader.Serialize(spec, indented: false);
        string indented = SpecLoader.Serialize(spec);

        Assert.Contains($"\"hostname\":\"{expected}\"", compact, StringComparison.Ordinal);
        Assert.Contains($"\"hostname\": \"{expected}\"", indented, StringComparison.Ordinal);
        Assert.Equal(hostname, SpecLoader.Parse(compact).Hostname);
    }

    [Fact]
    public void LoneSurrogateIsWrittenAsReplacementCharacter()
    {
        var spec = new RuntimeSpec { Hostname = "a\ud800b" };

        Assert.Equal("a\ufffdb", SpecLoader.Parse(SpecLoader.Serialize(spec, indented: false)).Hostname);
    }
}
