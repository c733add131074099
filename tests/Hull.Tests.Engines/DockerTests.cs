namespace Hull.Tests.Engines;

/// <summary>
/// Docker with hull as a runtime (`docker run --runtime hull`), each session compared with the same session under
/// runc in the same run: what the user sees must be the same.
/// </summary>
[Collection("docker")]
public sealed class DockerTests(DockerFixture docker) : IClassFixture<DockerFixture>
{
    private const string Image = DockerFixture.Image;

    [Fact]
    public void ExitCodesAndIsolationOptionsAreAsWithRunc() => AssertSameAsRunc(runtime =>
    [
        docker.Run(runtime, "--rm", Image, "sh", "-c", "echo hello; exit 3"),
        docker.Run(runtime, "--rm", "-m", "64m", "--pids-limit", "50", "--read-only", "-u", "65534", "--cap-drop", "ALL", Image,
            "sh", "-c", "id -u; cat /sys/fs/cgroup/memory/memory.limit_in_bytes /sys/fs/cgroup/pids/pids.max; touch /x; grep CapEff /proc/self/status"),
        docker.Run(runtime, "--rm", "-t", Image, "tty"),
    ]);

    [Fact]
    public void ADetachedContainerIsLoggedExecedPausedUpdatedStoppedAndWaitedForAsWithRunc() => AssertSameAsRunc(runtime =>
    {
        string name = Name();
        var steps = new List<CommandResult>
        {
            docker.Run(runtime, "-d", "--name", name, Image, "sh", "-c", "trap 'echo term; exit 7' TERM; echo started; sleep 1000 & wait"),
        };
        Waiting.For(() => docker.Docker("logs", name).Stdout.Contains("started", StringComparison.Ordinal));
        steps.Add(docker.Docker("exec", name, "sh", "-c", "echo exec; exit 4"));
        steps.Add(docker.Docker("exec", "-t", name, "tty"));
        steps.Add(docker.Docker("top", name, "-o", "comm"));
        steps.Add(docker.Docker("pause", name));
        steps.Add(docker.Docker("inspect", "--format", "{{.State.Status}}", name));
        steps.Add(docker.Docker("unpause", name));
        steps.Add(docker.Docker("update", "--memory", "128m", "--memory-swap", "256m", "--pids-limit", "20", name));
        steps.Add(docker.Docker("exec", name, "cat", "/sys/fs/cgroup/memory/memory.limit_in_bytes", "/sys/fs/cgroup/pids/pids.max"));
        // The limit, not the usage, which varies from run to run.
        var stats = docker.Docker("stats", "--no-stream", "--format", "{{.Name}} {{.MemUsage}}", name);
        steps.Add(stats with { Stdout = System.Text.RegularExpressions.Regex.Replace(stats.Stdout, " [^ ]+ / ", " USAGE / ") });
        steps.Add(docker.Docker("stop", "-t", "5", name));
        steps.Add(docker.Docker("wait", name));
        steps.Add(docker.Docker("logs", name));
        steps.Add(docker.Docker("rm", name));
        return Named(steps, name);
    });

    [Fact]
    public void OomKillsRestartsKillsAndForcedRemovalAreAsWithRunc() => AssertSameAsRunc(runtime =>
    {
        string name = Name();
        var steps = new List<CommandResult>
        {
            docker.Run(runtime, "--name", name, "-m", "16m", "--memory-swap", "16m", Image, "sh", "-c", "x=a; while true; do x=$x$x; done"),
            docker.Docker("inspect", "--format", "{{.State.OOMKilled}} {{.State.ExitCode}}", name),
            docker.Docker("rm", name),
            docker.Run(runtime, "-d", "--name", name, "--restart", "on-failure:2", Image, "sh", "-c", "exit 1"),
        };
        Waiting.For(() => docker.Docker("inspect", "--format", "{{.RestartCount}} {{.State.Status}}", name).Stdout == "2 exited\n");
        steps.Add(docker.Docker("rm", "--force", name));
        steps.Add(docker.Run(runtime, "-d", "--name", name, Image, "sleep", "100"));
        steps.Add(docker.Docker("kill", "--signal", "KILL", name));
        steps.Add(docker.Docker("wait", name));
        steps.Add(docker.Docker("rm", name));
        steps.Add(docker.Run(runtime, "-d", "--name", name, Image, "sleep", "100"));
        steps.Add(docker.Docker("rm", "--force", name));
        return Named(steps, name);
    });

    private void AssertSameAsRunc(Func<string, IReadOnlyList<CommandResult>> session)
    {
        string runc = Transcript(session("runc"));
        string hull = Transcript(session("hull"));
        Assert.Equal(runc, hull);
        Assert.DoesNotContain("hull", docker.Docker("ps", "--all", "--format", "{{.Names}}").Stdout, StringComparison.Ordinal);
    }

    /// <summary>Each step's exit code and output; a container's id (which `run -d` prints) is its own.</summary>
    private static string Transcript(IEnumerable<CommandResult> steps) =>
        string.Join('\n', steps.Select(s => $"{s.ExitCode}\n{System.Text.RegularExpressions.Regex.Replace(s.Stdout, "^[0-9a-f]{64}$", "ID", System.Text.RegularExpressions.RegexOptions.Multiline)}{s.Stderr}"));

    private static IReadOnlyList<CommandResult> Named(List<CommandResult> steps, string name) =>
        [.. steps.Select(s => s with { Stdout = s.Stdout.Replace(name, "NAME", StringComparison.Ordinal), Stderr = s.Stderr.Replace(name, "NAME", StringComparison.Ordinal) })];

    private static string Name() => $"hull-{Guid.NewGuid():N}"[..17];
}
