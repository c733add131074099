using Hull.Spec;

namespace Hull.Tests.Unit.Spec;

public sealed class SpecLoaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("hull-spec-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void WrongTypeNamesPathLineAndExpectedType()
    {
        const string json = """
            {
                "ociVersion": "1.2.0",
                "process": {
                    "user": {
                        "uid": "0",
                        "gid": 0
                    }
                }
            }
            """;

        var e = Assert.Throws<SpecException>(() => SpecLoader.Parse(json));

        Assert.Equal("config.json: invalid JSON at $.process.user.uid (line 5): expected a uint32", e.Message);
    }

    [Theory]
    [InlineData("""{"linux": {"namespaces": [{"type": "pid"}, {"type": 3}]}}""", "$.linux.namespaces[1].type", "expected a string")]
    [InlineData("""{"process": {"user": {"uid": -1}}}""", "$.process.user.uid", "expected a uint32")]
    [InlineData("""{"linux": {"resources": {"memory": {"limit": 1.5}}}}""", "$.linux.resources.memory.limit", "expected an int64")]
    [InlineData("""{"process": {"terminal": "yes"}}""", "$.process.terminal", "expected a boolean")]
    [InlineData("""{"mounts": {"destination": "/x"}}""", "$.mounts", "expected an array")]
    [InlineData("""{"annotations": {"a": 1}}""", "$.annotations.a", "expected a string")]
    [InlineData("""[]""", "$", "expected an object")]
    [InlineData("""{"process": {"args": ["sh", null]}}""", "$.process.args[1]", "expected a string")]
    [InlineData("""{"annotations": {"io.example.key": 1}}""", "$.annotations['io.example.key']", "expected a string")]
    [InlineData("""{"linux": {"resources": {"cpu": {"shares": -2}}}}""", "$.linux.resources.cpu.shares", "expected a uint64")]
    public void WrongTypesNameThePath(string json, string path, string reason)
    {
        var e = Assert.Throws<SpecException>(() => SpecLoader.Parse(json));

        Assert.StartsWith($"config.json: invalid JSON at {path} (line 1): {reason}", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"ociVersion": "1.2.0",""")]
    [InlineData("""{"ociVersion": "1.2.0"} x""")]
    [InlineData("""{"ociVersion": "1.2.0",}""")]
    [InlineData("""{"ociVersion": '1.2.0'}""")]
    [InlineData("""{"ociVersion": "1.2.0" /* comment */}""")]
    [InlineData("")]
    public void MalformedJsonIsRejected(string json)
    {
        var e = Assert.Throws<SpecException>(() => SpecLoader.Parse(json));

        Assert.StartsWith("config.json: invalid JSON", e.Message, StringComparison.Ordinal);
        Assert.Contains("(line 1)", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", ": EOF")]
    [InlineData("{\"process\": {", ": unexpected EOF")]
    public void TruncatedJsonSaysSoAsGosDecoderDoes(string json, string ending)
    {
        var e = Assert.Throws<SpecException>(() => SpecLoader.Parse(json));

        Assert.EndsWith(ending, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NullDocumentIsRejected()
    {
        var e = Assert.Throws<SpecException>(() => SpecLoader.Parse("null"));

        Assert.Equal("config.json: invalid JSON: expected an object, got null", e.Message);
    }

    [Fact]
    public void LoadNamesTheFileInErrors()
    {
        var path = Path.Combine(_dir, "config.json");
        File.WriteAllText(path, "{\n\"root\": {\"path\": false}\n}");

        var e = Assert.Throws<SpecException>(() => SpecLoader.Load(path));

        Assert.Equal($"{path}: invalid JSON at $.root.path (line 2): expected a string", e.Message);
    }

    [Fact]
    public void LoadOfMissingFileSaysSo()
    {
        var path = Path.Combine(_dir, "nope", "config.json");

        var e = Assert.Throws<SpecException>(() => SpecLoader.Load(path));

        Assert.Equal($"open {path}: no such file or directory", e.Message);
    }

    [Fact]
    public void LoadAcceptsAByteOrderMark()
    {
        var path = Path.Combine(_dir, "config.json");
        File.WriteAllText(path, """{"ociVersion": "1.2.0"}""", new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true));

        Assert.Equal("1.2.0", SpecLoader.Load(path).OciVersion);
    }

    [Fact]
    public void SaveReplacesTheFileAndLeavesNoTemporaryFile()
    {
        var path = Path.Combine(_dir, "config.json");
        File.WriteAllText(path, "old");
        var spec = SpecLoader.Parse(ExtendedConfigs.UnknownFields);

        SpecLoader.Save(spec, path);

        Assert.Equal([path], Directory.GetFiles(_dir));
        Assert.Equal(SpecLoader.Serialize(spec) + "\n", File.ReadAllText(path));
        Assert.Equal(SpecLoader.Serialize(spec), SpecLoader.Serialize(SpecLoader.Load(path)));
    }

    [Fact]
    public void SaveIntoMissingDirectoryFails()
    {
        var path = Path.Combine(_dir, "nope", "config.json");

        var e = Assert.Throws<SpecException>(() => SpecLoader.Save(DefaultSpec.Create(), path));

        Assert.StartsWith($"write {path}: ", e.Message, StringComparison.Ordinal);
    }
}
