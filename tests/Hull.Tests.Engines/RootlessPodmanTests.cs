namespace Hull.Tests.Engines;

/// <summary>
/// Rootless podman with hull, compared with runc in the same run: what the user sees must be the same, and nothing
/// of a container may be left under the user's runtime directory once it is removed.
/// </summary>
[Collection("podman")]
public sealed class RootlessPodmanTests(RootlessPodmanFixture podman) : IClassFixture<RootlessPodmanFixture>
{
    private static string Name() => $"hull-{Guid.NewGuid():N}"[..17];

    [Fact]
    public void RunExecLogsAndStopBehaveAsWithRunc()
    {
        Assert.Equal(Session(podman.Runc), Session(podman.Hull));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(podman.RuntimeDir, "hull")));
    }

    [Fact]
    public void ATerminalAndAMemoryLimitAreTreatedAsWithRunc()
    {
        foreach (string[] args in new[] { ["-t", RootlessPodmanFixture.Image, "tty"], new[] { "-m", "64m", RootlessPodmanFixture.Image, "echo", "limited" } })
        {
            var runc = podman.Run(podman.Runc, ["--rm", .. args]);
            var hull = podman.Run(podman.Hull, ["--rm", .. args]);
            Assert.True(hull.ExitCode == 0, hull.ToString());
            Assert.Equal(runc, hull);
        }
    }

    /// <summary>What a user does with a container, and what podman answers at each step.</summary>
    private string Session(string runtime)
    {
        string name = Name();
        var transcript = new List<string>();
        void Step(params string[] args)
        {
            var result = podman.Podman(runtime, args);
            transcript.Add($"$ {string.Join(' ', args).Replace(name, "NAME", StringComparison.Ordinal)}\n{result.ExitCode}\n{result.Stdout.Replace(name, "NAME", StringComparison.Ordinal)}{result.Stderr}");
        }
        var started = podman.Run(runtime, "-d", "--name", name, RootlessPodmanFixture.Image, "sh", "-c", "trap 'echo term; exit 3' TERM; echo started; while true; do sleep 0.1; done");
        Assert.True(started.ExitCode == 0, started.ToString());
        Waiting.For(() => podman.Podman(runtime, "logs", name).Stdout.Contains("started", StringComparison.Ordinal));
        Step("exec", name, "sh", "-c", "id -u; hostname | wc -c; cat /proc/self/uid_map | wc -l");
        Step("exec", "-u", "65534", name, "id", "-u");
        Step("exec", name, "sh", "-c", "exit 5");
        Step("stop", "-t", "5", name);
        Step("inspect", name, "--format", "{{.State.ExitCode}} {{.State.Status}}");
        Step("logs", name);
        Step("rm", name);
        return string.Join('\n', transcript);
    }
}
