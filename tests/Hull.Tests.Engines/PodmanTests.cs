namespace Hull.Tests.Engines;

[Collection("podman")]
public sealed class PodmanTests : IClassFixture<PodmanFixture>
{
    private readonly PodmanFixture _podman;

    public PodmanTests(PodmanFixture podman)
    {
        _podman = podman;
    }

    private static string Name() => $"hull-{Guid.NewGuid():N}"[..17];

    [Fact]
    public void RunRemoveReturnsOutputAndExitCode()
    {
        var hello = _podman.Run("--rm", PodmanFixture.Image, "echo", "hello from podman");
        Assert.True(hello.ExitCode == 0, hello.ToString());
        Assert.Equal("hello from podman\n", hello.Stdout);
        Assert.Equal(42, _podman.Run("--rm", PodmanFixture.Image, "sh", "-c", "exit 42").ExitCode);
    }

    [Fact]
    public void DetachedContainersHaveLogsStopAndAnInspectableExitCode()
    {
        string name = Name();
        var started = _podman.Run("-d", "--name", name, PodmanFixture.Image, "sh", "-c", "trap 'exit 7' TERM; echo started; while true; do sleep 0.1; done");
        Assert.True(started.ExitCode == 0, started.ToString());
        Waiting.For(() => _podman.Podman("logs", name).Stdout.Contains("started", StringComparison.Ordinal));
        Assert.Equal(0, _podman.Podman("stop", "-t", "5", name).ExitCode);
        Assert.Equal("7 exited\n", _podman.Podman("inspect", name, "--format", "{{.State.ExitCode}} {{.State.Status}}").Stdout);
        Assert.Equal(0, _podman.Podman("rm", name).ExitCode);
    }

    [Fact]
    public void ExecRunsInTheContainerAsTheGivenUser()
    {
        string name = Name();
        Assert.Equal(0, _podman.Run("-d", "--name", name, PodmanFixture.Image, "sleep", "300").ExitCode);
        try
        {
            var exec = _podman.Podman("exec", name, "sh", "-c", "echo $$; hostname");
            Assert.True(exec.ExitCode == 0, exec.ToString());
            Assert.Equal("1000\n", _podman.Podman("exec", "--user", "1000", name, "id", "-u").Stdout);
            Assert.Equal(3, _podman.Podman("exec", name, "sh", "-c", "exit 3").ExitCode);
        }
        finally
        {
            _podman.Podman("rm", "-f", "-t", "0", name);
        }
    }

    [Fact]
    public void ATerminalIsAllocatedThroughConmon()
    {
        var result = _podman.Run("--rm", "-t", PodmanFixture.Image, "tty");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.StartsWith("/dev/pts/", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void SecurityAndIsolationOptionsApply()
    {
        var result = _podman.Run("--rm", "--user", "1000:1000", "--read-only", "--cap-drop", "ALL", "--network", "none",
            "-v", $"{_podman.Dir}:/data", PodmanFixture.Image, "sh", "-c",
            "id -u; touch /x 2>/dev/null || echo read-only; grep CapEff /proc/self/status; grep -c ' /data ' /proc/mounts; ls /sys/class/net");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("1000\nread-only\nCapEff:\t0000000000000000\n1\nlo\n", result.Stdout);
    }

    [Fact]
    public void KillStopsAContainer()
    {
        string name = Name();
        Assert.Equal(0, _podman.Run("-d", "--name", name, PodmanFixture.Image, "sleep", "300").ExitCode);
        Assert.Equal(0, _podman.Podman("kill", name).ExitCode);
        Waiting.For(() => _podman.Podman("inspect", name, "--format", "{{.State.Status}}").Stdout.Trim() == "exited");
        Assert.Equal("137\n", _podman.Podman("inspect", name, "--format", "{{.State.ExitCode}}").Stdout);
        _podman.Podman("rm", name);
    }

    [Fact]
    public void PauseAndUnpauseFreezeTheContainer()
    {
        string name = Name();
        Assert.Equal(0, _podman.Run("-d", "--name", name, PodmanFixture.Image, "sleep", "300").ExitCode);
        try
        {
            var paused = _podman.Podman("pause", name);
            Assert.True(paused.ExitCode == 0, paused.ToString());
            Assert.Equal("paused\n", _podman.Podman("inspect", name, "--format", "{{.State.Status}}").Stdout);
            Assert.Equal(0, _podman.Podman("unpause", name).ExitCode);
            Assert.Equal("running\n", _podman.Podman("inspect", name, "--format", "{{.State.Status}}").Stdout);
        }
        finally
        {
            _podman.Podman("rm", "-f", "-t", "0", name);
        }
    }

    [Fact]
    public void ResourceLimitsReachTheCgroup()
    {
        var result = _podman.Run("--rm", "--memory", "64m", "--pids-limit", "50", PodmanFixture.Image, "sh", "-c",
            "cat /sys/fs/cgroup/memory/memory.limit_in_bytes /sys/fs/cgroup/pids/pids.max");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("67108864\n50\n", result.Stdout);
    }

    [Fact]
    public void AnOomKillIsReportedExactlyAsWithRunc()
    {
        // conmon, not the runtime, decides OOMKilled; what podman shows must not depend on the runtime.
        string[] reports = new[] { "/usr/sbin/runc", Command.HullBinary }.Select(runtime =>
        {
            string name = Name();
            var result = _podman.RunWith(runtime, "--name", name, "--memory", "16m", "--memory-swap", "16m", PodmanFixture.Image, "sh", "-c",
                "x=a; while true; do x=$x$x$x$x; done");
            Assert.Equal(137, result.ExitCode);
            string report = _podman.Podman("inspect", name, "--format", "{{.State.OOMKilled}} {{.State.ExitCode}}").Stdout;
            _podman.Podman("rm", name);
            return report;
        }).ToArray();
        Assert.EndsWith(" 137\n", reports[1], StringComparison.Ordinal);
        Assert.Equal(reports[0], reports[1]);
    }
}
