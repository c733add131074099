using System.Text;
using Hull.Driver;
using Hull.Spec;

namespace Hull.Tests.Driver;

/// <summary>The library used the way an engine uses a runtime: pipes, exit statuses, many containers at once.</summary>
public sealed class ContainerLifecycleTests(BusyboxRootfs rootfs) : IClassFixture<BusyboxRootfs>
{

    [Theory, MemberData(nameof(Backends.Each), MemberType = typeof(Backends))]
    public async Task StdoutStderrAndTheExitCodeComeBackThroughPipes(string backend)
    {
        Backends.SkipWhereUnusable(backend);
        string id = BusyboxRootfs.NewId();
        await using (var container = rootfs.HostFor(backend).Run(new ContainerRequest { Id = id, Spec = rootfs.Spec("sh", "-c", "echo out; echo err >&2; exit 3").Build() }))
        {
            var stdout = ReadAllAsync(container.Io.Output!);
            var stderr = ReadAllAsync(container.Io.Error!);
            var status = await container.WaitAsync(Within.Test).Deadline();
            Assert.Equal(new ExitStatus(3, null, false), status);
            Assert.Equal("out\n", await stdout);
            Assert.Equal("err\n", await stderr);
        }
        HostLeftovers.AssertNone(id, backend);
    }

    [Theory, MemberData(nameof(Backends.Each), MemberType = typeof(Backends))]
    public async Task StdinReachesTheProcessAndClosingItEndsIt(string backend)
    {
        Backends.SkipWhereUnusable(backend);
        await using var container = rootfs.HostFor(backend).Run(new ContainerRequest { Id = BusyboxRootfs.NewId(), Spec = rootfs.Spec("cat").Build() });
        var stdout = ReadAllAsync(container.Io.Output!);
        await container.Io.Input!.WriteAsync(Encoding.UTF8.GetBytes("ping\n"), Within.Test);
        await container.Io.Input.DisposeAsync();
        Assert.Equal(new ExitStatus(0, null, false), await container.WaitAsync(Within.Test).Deadline());
        Assert.Equal("ping\n", await stdout);
    }

    [Theory, MemberData(nameof(Backends.Each), MemberType = typeof(Backends))]
    public async Task ACreatedContainerRunsOnlyOnceStarted(string backend)
    {
        Backends.SkipWhereUnusable(backend);
        await using var container = rootfs.HostFor(backend).Create(new ContainerRequest { Id = BusyboxRootfs.NewId(), Spec = rootfs.Spec("echo", "started").Build() });
        Assert.Equal("created", container.State().Status);
        var stdout = ReadAllAsync(container.Io.Output!);
        container.Start();
        Assert.Equal(0, (await container.WaitAsync(Within.Test).Deadline()).Code);
        Assert.Equal("started\n", await stdout);
        Assert.Equal("stopped", container.State().Status);
    }

    [Theory, MemberData(nameof(Backends.Each), MemberType = typeof(Backends))]
    public async Task ASignalDeathIsReportedAsTheSignal(string backend)
    {
        Backends.SkipWhereUnusable(backend);
        await using var container = rootfs.HostFor(backend).Run(new ContainerRequest { Id = BusyboxRootfs.NewId(), Spec = rootfs.Spec("sleep", "100").Build(), Stdio = StdioMode.Null });
        container.Signal(Hull.Linux.Syscall.SIGKILL);
        var status = await container.WaitAsync(Within.Test).Deadline();
        Assert.Equal(Backends.KilledBy(backend, 9), status);
        Assert.Equal(137, status.Code);
    }

    [Theory, MemberData(nameof(Backends.Each), MemberType = typeof(Backends))]
    public async Task StopEndsACooperativeProcessWithItsOwnExitCode(string backend)
    {
        Backends.SkipWhereUnusable(backend);
        await using var container = rootfs.HostFor(backend).Run(new ContainerRequest
        {
            Id = BusyboxRootfs.NewId(),
            Spec = rootfs.Spec("sh", "-c", "trap 'exit 7' TERM; echo ready; while true; do sleep 0.1; done").Build(),
        });
        await ExpectLineAsync(container.Io.Output!, "ready");
        var status = await container.StopAsync(TimeSpan.FromSeconds(10)).Deadline();
        Assert.Equal(new ExitStatus(7, null, false), status);
    }

    [Theory, MemberData(nameof(Backends.Each), MemberType = typeof(Backends))]
    public async Task StopKillsAProcessThatIgnoresTheSignalOnceTheTimeoutPasses(string backend)
    {
        Backends.SkipWhereUnusable(backend);
        string id = BusyboxRootfs.NewId();
        await using (var container = rootfs.HostFor(backend).Run(new ContainerRequest
        {
            Id = id,
            Spec = rootfs.Spec("sh", "-c", "trap '' TERM; echo ready; while true; do sleep 0.1; done").Build(),
        }))
        {
            await ExpectLineAsync(container.Io.Output!, "ready");
            var started = DateTime.UtcNow;
            var status = await container.StopAsync(TimeSpan.FromMilliseconds(500)).Deadline();
            Assert.Equal(Backends.KilledBy(backend, 9), status);
            Assert.True(DateTime.UtcNow - started >= TimeSpan.FromMilliseconds(450), "killed before the timeout");
        }
        HostLeftovers.AssertNone(id, backend);
    }

    [Theory, MemberData(nameof(Backends.Each), MemberType = typeof(Backends))]
    public async Task TwelveContainersRunSideBySideAndLeaveNothing(string backend)
    {
        Backends.SkipWhereUnusable(backend);
        string[] ids = [.. Enumerable.Range(0, 12).Select(_ => BusyboxRootfs.NewId())];
        var runs = ids.Select(id => Task.Run(async () =>
        {
            await using var container = rootfs.HostFor(backend).Run(new ContainerRequest { Id = id, Spec = rootfs.Spec("sh", "-c", $"echo {id}; exit {id.Length}").Build() });
            var stdout = ReadAllAsync(container.Io.Output!);
            var status = await container.WaitAsync(Within.Test).Deadline();
            return (status, await stdout);
        }));
        var results = await Task.WhenAll(runs);
        for (int i = 0; i < ids.Length; i++)
        {
            Assert.Equal(new ExitStatus(13, null, false), results[i].status);
            Assert.Equal(ids[i] + "\n", results[i].Item2);
            HostLeftovers.AssertNone(ids[i], backend);
        }
        Assert.DoesNotContain(rootfs.HostFor(backend).List(), c => ids.Contains(c.Id));
    }

    [Fact]
    public async Task RunningContainersCostTheHostNoThreadEach()
    {
        var containers = new List<Container>();
        try
        {
            // The first one may start what the host starts once.
            containers.Add(rootfs.Host.Run(new ContainerRequest { Id = BusyboxRootfs.NewId(), Spec = rootfs.Spec("sleep", "60").Build() }));
            int before = Threads();
            for (int i = 0; i < 10; i++)
                containers.Add(rootfs.Host.Run(new ContainerRequest { Id = BusyboxRootfs.NewId(), Spec = rootfs.Spec("sleep", "60").Build() }));
            // The thread pool may grow by a thread or two meanwhile; a thread per container would be ten.
            Assert.InRange(Threads() - before, int.MinValue, 3);
        }
        finally
        {
            foreach (var container in containers)
                await container.DisposeAsync();
        }
        foreach (var container in containers)
            Assert.Equal(Hull.Linux.Syscall.SIGKILL, (await container.WaitAsync(Within.Test).Deadline()).Signal);
    }

    [Fact]
    public async Task AHundredContainersOnPipesInOneHostAreEachReapedWithTheirOwnStatus()
    {
        const int count = 100;
        var containers = new List<Container>();
        try
        {
            for (int i = 0; i < count; i++)
                containers.Add(rootfs.Host.Run(new ContainerRequest { Id = BusyboxRootfs.NewId(), Spec = rootfs.Spec("sh", "-c", "read x; exit $x").Build() }));
            // All of them run at once; each then exits with the number it was given.
            for (int i = 0; i < count; i++)
                await containers[i].Io.Input!.WriteAsync(Encoding.UTF8.GetBytes($"{i}\n"), Within.Test);
            var statuses = await Task.WhenAll(containers.Select(c => c.WaitAsync(Within.Test))).WaitAsync(TimeSpan.FromMinutes(2), Within.Test);
            Assert.Equal(Enumerable.Range(0, count).Select(i => new ExitStatus(i, null, false)), statuses);
        }
        finally
        {
            foreach (var container in containers)
                await container.DisposeAsync();
        }
        Assert.All(containers, c => HostLeftovers.AssertNone(c.Id));
    }

    private static int Threads() => Directory.GetDirectories("/proc/self/task").Length;

    [Theory, MemberData(nameof(Backends.Each), MemberType = typeof(Backends))]
    public async Task AFailedCreateLeavesNothingAndTheIdIsFreeAgain(string backend)
    {
        Backends.SkipWhereUnusable(backend);
        string id = BusyboxRootfs.NewId();
        var broken = rootfs.Spec("true").Configure(s => s.Mounts!.Add(new Mount { Destination = "/x", Type = "bind", Source = "/does/not/exist", Options = ["bind"] })).Build();
        Assert.ThrowsAny<Exception>(() => rootfs.HostFor(backend).Run(new ContainerRequest { Id = id, Spec = broken }));
        HostLeftovers.AssertNone(id, backend, cgroups: Backends.FailedCreateLeavesNoCgroup(backend));
        await using (var container = rootfs.HostFor(backend).Run(new ContainerRequest { Id = id, Spec = rootfs.Spec("true").Build(), Stdio = StdioMode.Null }))
            Assert.Equal(0, (await container.WaitAsync(Within.Test).Deadline()).Code);
        // runsc leaves alone the cgroups it found made, and on this hybrid host also the directories it made on
        // /sys/fs/cgroup's tmpfs for controllers no hierarchy carries: the test removes what the failed create left.
        if (!Backends.FailedCreateLeavesNoCgroup(backend))
        {
            foreach (string cgroup in Directory.GetDirectories("/sys/fs/cgroup").Select(d => Path.Combine(d, id)).Where(Directory.Exists))
                Directory.Delete(cgroup);
        }
        HostLeftovers.AssertNone(id, backend);
    }

    [Theory, MemberData(nameof(Backends.Each), MemberType = typeof(Backends))]
    public async Task ProcessesThatFailToStartAreReapedNotLeftAsZombies(string backend)
    {
        Backends.SkipWhereUnusable(backend);
        Backends.SkipForLxc(backend, "reports a program that cannot run as the container's exit status, after start");
        // This process adopts the container processes it starts (it is their subreaper): a failed one is its to reap,
        // at once, before the failure is reported.
        string id = BusyboxRootfs.NewId();
        var missing = Assert.Throws<Hull.Runtime.HullException>(() => rootfs.HostFor(backend).Run(new ContainerRequest { Id = id, Spec = rootfs.Spec("/no/such/program").Build() }));
        Assert.Contains("no such file or directory", missing.Message, StringComparison.OrdinalIgnoreCase);
        HostLeftovers.AssertNone(id, backend);
        await using var container = rootfs.HostFor(backend).Run(new ContainerRequest { Id = BusyboxRootfs.NewId(), Spec = rootfs.Spec("sleep", "30").Build(), Stdio = StdioMode.Null });
        Assert.Throws<Hull.Runtime.HullException>(() => container.Exec(new Process { Args = ["/no/such/program"], Cwd = "/" }));
        Assert.Throws<Hull.Runtime.HullException>(() => container.Exec(new Process { Args = ["true"], Cwd = "/no/such/directory" }));
        bool LeftZombies() => HostLeftovers.ZombieChildren().Any(zombie => zombie.Contains($"({backend}", StringComparison.Ordinal));
        await Backends.WaitForReaping(backend, LeftZombies);
        Assert.False(LeftZombies());
    }

    [Theory, MemberData(nameof(Backends.Each), MemberType = typeof(Backends))]
    public async Task OrphansOfAContainerWithoutAPidNamespaceAreReaped(string backend)
    {
        Backends.SkipWhereUnusable(backend);
        Backends.SkipForLxc(backend, "always makes a pid namespace");
        // The shell's background sleep outlives its parent, so this subreaper adopts it; nobody else waits for it.
        var spec = rootfs.Spec("sh", "-c", "(sleep 0.2 &); exec sleep 30").WithoutNamespace(NamespaceTypes.Pid).Build();
        await using var container = rootfs.HostFor(backend).Run(new ContainerRequest { Id = BusyboxRootfs.NewId(), Spec = spec, Stdio = StdioMode.Null });
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        await Task.Delay(500, Within.Test);
        while (HostLeftovers.ZombieChildren().Any(z => z.EndsWith("(sleep)", StringComparison.Ordinal)) && DateTime.UtcNow < deadline)
            await Task.Delay(100, Within.Test);
        Assert.DoesNotContain(HostLeftovers.ZombieChildren(), zombie => zombie.EndsWith("(sleep)", StringComparison.Ordinal));
    }

    internal static async Task<string> ReadAllAsync(Stream stream)
    {
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync(Within.Test);
    }

    internal static async Task ExpectLineAsync(Stream stream, string expected)
    {
        var line = new StringBuilder();
        var buffer = new byte[1];
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Within.Test);
        timeout.CancelAfter(Within.Patience);
        while (await stream.ReadAsync(buffer, timeout.Token) == 1)
        {
            if (buffer[0] == '\n')
            {
                if (line.ToString().TrimEnd('\r') == expected)
                    return;
                line.Clear();
                continue;
            }
            line.Append((char)buffer[0]);
        }
        Assert.Fail($"no line '{expected}' before end of output");
    }
}
