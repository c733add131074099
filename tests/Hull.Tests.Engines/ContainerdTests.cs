namespace Hull.Tests.Engines;

[Collection("containerd")]
public sealed class ContainerdTests : IClassFixture<ContainerdFixture>
{
    private readonly ContainerdFixture _containerd;

    public ContainerdTests(ContainerdFixture containerd)
    {
        _containerd = containerd;
    }

    private static string Name() => $"hull-{Guid.NewGuid():N}"[..17];

    [Fact]
    public void RunReturnsOutputAndExitCode()
    {
        var result = _containerd.Run("--rm", ContainerdFixture.Image, Name(), "sh", "-c", "echo hello from containerd; exit 3");
        Assert.Equal(3, result.ExitCode);
        Assert.Equal("hello from containerd\n", result.Stdout);
    }

    [Fact]
    public void ADetachedTaskCanBeExecedListedKilledAndDeleted()
    {
        string name = Name();
        var started = _containerd.Run("-d", ContainerdFixture.Image, name, "sleep", "300");
        Assert.True(started.ExitCode == 0, started.ToString());
        var exec = _containerd.Ctr("task", "exec", "--exec-id", "e1", name, "sh", "-c", "echo exec output; exit 4");
        Assert.Equal(4, exec.ExitCode);
        Assert.Equal("exec output\n", exec.Stdout);
        var ps = _containerd.Ctr("task", "ps", name);
        Assert.True(ps.ExitCode == 0, ps.ToString());
        Assert.Equal(2, ps.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal(0, _containerd.Ctr("task", "kill", "-s", "KILL", name).ExitCode);
        Waiting.For(() => _containerd.Ctr("task", "ls").Stdout.Contains("STOPPED", StringComparison.Ordinal));
        Assert.Equal(0, _containerd.Ctr("task", "delete", name).ExitCode);
        Assert.Equal(0, _containerd.Ctr("containers", "delete", name).ExitCode);
    }

    [Fact]
    public void PauseResumeAndMetricsWork()
    {
        string name = Name();
        Assert.Equal(0, _containerd.Run("-d", ContainerdFixture.Image, name, "sleep", "300").ExitCode);
        try
        {
            var pause = _containerd.Ctr("task", "pause", name);
            Assert.True(pause.ExitCode == 0, pause.ToString());
            Assert.Contains("PAUSED", _containerd.Ctr("task", "ls").Stdout, StringComparison.Ordinal);
            Assert.Equal(0, _containerd.Ctr("task", "resume", name).ExitCode);
            Assert.Contains("RUNNING", _containerd.Ctr("task", "ls").Stdout, StringComparison.Ordinal);
            var metrics = _containerd.Ctr("task", "metrics", name);
            Assert.True(metrics.ExitCode == 0, metrics.ToString());
            Assert.Contains("memory", metrics.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            _containerd.Ctr("task", "kill", "-s", "KILL", name);
            Waiting.For(() => _containerd.Ctr("task", "ls").Stdout.Contains("STOPPED", StringComparison.Ordinal));
            _containerd.Ctr("task", "delete", name);
            _containerd.Ctr("containers", "delete", name);
        }
    }
}
