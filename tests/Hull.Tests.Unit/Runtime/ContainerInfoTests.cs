using Hull.Runtime;

namespace Hull.Tests.Unit.Runtime;

public sealed class ContainerInfoTests
{
    private static ContainerInfo Info(Dictionary<string, string>? annotations) => new()
    {
        Id = "c1",
        Pid = 42,
        Status = "running",
        Bundle = "/b",
        Rootfs = "/b/rootfs",
        Created = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero),
        Annotations = annotations,
    };

    [Fact]
    public void StateIsRuncsObjectIndentedByTwoSpaces()
    {
        string expected = """
            {
              "ociVersion": "1.2.0",
              "id": "c1",
              "pid": 42,
              "status": "running",
              "bundle": "/b",
              "rootfs": "/b/rootfs",
              "created": "2026-01-02T03:04:05Z",
              "annotations": {
                "org.example": "say \"<hi>\""
              },
              "owner": ""
            }
            """;

        Assert.Equal(expected, Info(new() { ["org.example"] = "say \"<hi>\"" }).ToJson());
    }

    [Fact]
    public void ListIsOneCompactArray()
    {
        Assert.Equal(
            """[{"ociVersion":"1.2.0","id":"c1","pid":42,"status":"running","bundle":"/b","rootfs":"/b/rootfs","created":"2026-01-02T03:04:05Z","owner":""}]""",
            ContainerInfo.ToJson([Info(null)]));
        Assert.Equal("null", ContainerInfo.ToJson([]));
    }
}
