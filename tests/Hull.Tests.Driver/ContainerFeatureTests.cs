using System.Text;
using Hull.Driver;
using Hull.Spec;

namespace Hull.Tests.Driver;

/// <summary>Terminals, exec sessions, stats, events, OOM kills and freezing, through the library.</summary>
public sealed class ContainerFeatureTests(BusyboxRootfs rootfs) : IClassFixture<BusyboxRootfs>
{

    [Theory, MemberData(nameof(Backends.Each), MemberType = typeof(Backends))]
    public async Task ATerminalContainerSeesAPtyOfTheSizeItWasGiven(string backend)
    {
        Backends.SkipWhereUnusable(backend);
        Assert.SkipUnless(rootfs.HostFor(backend).Features.Terminals, $"{backend} cannot give the process a terminal");
        await using var container = rootfs.HostFor(backend).Create(new ContainerRequest
        {
            Id = BusyboxRootfs.NewId(),
            Spec = rootfs.Spec("sh", "-c", "tty; stty size").Build(),
            Stdio = StdioMode.Terminal,
        });
        Assert.Null(container.Io.Output);
        container.Io.Resize(33, 111);
        var output = ContainerLifecycleTests.ReadAllAsync(container.Io.Terminal!);
        container.Start();
        Assert.Equal(0, (await container.WaitAsync(Within.Test).Deadline()).Code);
        string text = (await output).Replace("\r", "", StringComparison.Ordinal);
        Assert.Equal($"{Backends.TtyName(backend, 0)}\n33 111\n", text);
    }

    [Theory, MemberData(nameof(Backends.Each), MemberType = typeof(Backends))]
    public async Task ExecSessionsHaveTheirOwnPipesTerminalsAndExitCodes(string backend)
    {
        Backends.SkipWhereUnusable(backend);
        await using var container = rootfs.HostFor(backend).Run(new ContainerRequest { Id = BusyboxRootfs.NewId(), Spec = rootfs.Spec("sleep", "100").Build(), Stdio = StdioMode.Null });
        var piped = container.Exec(new Process { Args = ["sh", "-c", "read x; echo got $x; exit 4"], Cwd = "/" });
        await piped.Io.Input!.WriteAsync(Encoding.UTF8.GetBytes("hello\n"), Within.Test);
        var pipedOut = ContainerLifecycleTests.ReadAllAsync(piped.Io.Output!);
        Assert.Equal(new ExitStatus(4, null, false), await piped.WaitAsync(Within.Test).Deadline());
        Assert.Equal("got hello\n", await pipedOut);

        if (!rootfs.HostFor(backend).Features.Terminals)
        {
            Assert.Throws<NotSupportedException>(() => container.Exec(new Process { Args = ["tty"], Cwd = "/" }, StdioMode.Terminal));
            return;
        }
        var terminal = container.Exec(new Process { Args = ["tty"], Cwd = "/" }, StdioMode.Terminal);
        var terminalOut = ContainerLifecycleTests.ReadAllAsync(terminal.Io.Terminal!);
        var status = await terminal.WaitAsync(Within.Test).Deadline();
        // The container has no terminal of its own: the session's is the first of its devpts.
        string name = Backends.TtyName(backend, 0);
        Assert.Equal(name.StartsWith('/') ? 0 : 1, status.Code);
        Assert.Equal(name, (await terminalOut).TrimEnd());
    }

    [Theory, MemberData(nameof(Backends.Each), MemberType = typeof(Backends))]
    public async Task StopAlsoEndsExecSessionsThatOutliveTheInit(string backend)
    {
        Backends.SkipWhereUnusable(backend);
        Backends.SkipForLxc(backend, "always makes a pid namespace");
        Assert.SkipUnless(rootfs.HostFor(backend).Features.ExecSignals, $"{backend} signals its exec proxy, not the session's process");
        // Without a pid namespace nothing ends exec'd processes with the init but the runtime.
        const string IgnoreTerm = "trap '' TERM; echo ready; while true; do sleep 0.1; done";
        var spec = rootfs.Spec("sh", "-c", IgnoreTerm).WithoutNamespace(NamespaceTypes.Pid).Build();
        await using var container = rootfs.HostFor(backend).Run(new ContainerRequest { Id = BusyboxRootfs.NewId(), Spec = spec });
        var session = container.Exec(new Process { Args = ["sh", "-c", IgnoreTerm], Cwd = "/" });
        // Both ignore SIGTERM only once their shell has run the trap.
        await ContainerLifecycleTests.ExpectLineAsync(container.Io.Output!, "ready");
        await ContainerLifecycleTests.ExpectLineAsync(session.Io.Output!, "ready");
        var status = await container.StopAsync(TimeSpan.FromMilliseconds(300)).Deadline();
        Assert.Equal(9, status.Signal);
        Assert.Equal(9, (await session.WaitAsync(Within.Test).Deadline()).Signal);
        Assert.True(HostLeftovers.IsGone(session.Pid));
    }

    [Theory, MemberData(nameof(Backends.Each), MemberType = typeof(Backends))]
    public async Task StatsFallBackToTheMachinesMemoryWithoutALimit(string backend)
    {
        Backends.SkipWhereUnusable(backend);
        await using var unlimited = rootfs.HostFor(backend).Run(new ContainerRequest { Id = BusyboxRootfs.NewId(), Spec = rootfs.Spec("sleep", "100").Build(), Stdio = StdioMode.Null });
        var stats = unlimited.Stats();
        Assert.Equal(MemTotal(), stats.MemoryLimit);
        Assert.True(stats.MemoryUsage > 0);
        // A sandbox's stats count the sandbox's own host processes and threads.
        if (rootfs.HostFor(backend).Features.HostProcesses)
            Assert.Equal((ulong)Backends.Processes(backend, 1), stats.Pids);

        await using var limited = rootfs.HostFor(backend).Run(new ContainerRequest { Id = BusyboxRootfs.NewId(), Spec = rootfs.Spec("sleep", "100").MemoryLimit(64 << 20).PidsLimit(200).Build(), Stdio = StdioMode.Null });
        Assert.Equal(64UL << 20, limited.Stats().MemoryLimit);
        Assert.Equal(200UL, limited.Stats().PidsLimit);
    }

    [Theory, MemberData(nameof(Backends.Each), MemberType = typeof(Backends))]
    public async Task AnOomKillIsReportedInTheExitStatusAndAsAnEvent(string backend)
    {
        Backends.SkipWhereUnusable(backend);
        Assert.SkipUnless(rootfs.HostFor(backend).Features.OomKills, $"{backend} cannot tell an OOM kill");
        Assert.SkipWhen(TestFlags.SystemdCgroup,
            "systemd removes an emptied scope's cgroup as the OOM-killed process exits; the OOM watcher, reading it as the kill happens, loses that race now and then under emulation");
        var spec = rootfs.Spec("sh", "-c", "sleep 0.5; exec dd if=/dev/zero of=/dev/null bs=64M count=1")
            .Configure(s => s.Linux!.Resources = new LinuxResources { Memory = new LinuxMemory { Limit = 16 << 20, Swap = 16 << 20 } })
            .Build();
        await using var container = rootfs.HostFor(backend).Run(new ContainerRequest { Id = BusyboxRootfs.NewId(), Spec = spec, Stdio = StdioMode.Null });
        var events = new List<ContainerEvent>();
        await foreach (var e in container.EventsAsync(TimeSpan.FromMilliseconds(100), Within.Test))
            events.Add(e);
        var status = await container.WaitAsync(Within.Test).Deadline();
        Assert.Equal(new ExitStatus(null, 9, true), status);
        Assert.Contains(events, e => e.Kind == ContainerEventKind.Oom);
        Assert.Contains(events, e => e.Kind == ContainerEventKind.Stats && e.Stats!.MemoryLimit == 16 << 20);
    }

    [Theory, MemberData(nameof(Backends.Each), MemberType = typeof(Backends))]
    public async Task AnEventStreamEndedByTheContainersDeletionLeavesTheProgramRunning(string backend)
    {
        Backends.SkipWhereUnusable(backend);
        var container = rootfs.HostFor(backend).Run(new ContainerRequest { Id = BusyboxRootfs.NewId(), Spec = rootfs.Spec("sleep", "100").Build(), Stdio = StdioMode.Null });
        var stream = Task.Run(async () =>
        {
            await foreach (var _ in container.EventsAsync(TimeSpan.FromMilliseconds(100), Within.Test))
            {
            }
        }, Within.Test);
        await Task.Delay(300, Within.Test);
        await container.DisposeAsync();
        await stream.WaitAsync(Within.Test);
        // The stream's watcher of the init wakes after the stream has ended; this process must outlive it.
        await Task.Delay(1000, Within.Test);
        Assert.True(stream.IsCompletedSuccessfully);
    }

    [Theory, MemberData(nameof(Backends.Each), MemberType = typeof(Backends))]
    public async Task PauseFreezesEveryProcessAndResumeThawsThem(string backend)
    {
        Backends.SkipWhereUnusable(backend);
        Assert.SkipUnless(rootfs.HostFor(backend).Features.Pause, $"{backend} cannot freeze a container here");
        await using var container = rootfs.HostFor(backend).Run(new ContainerRequest { Id = BusyboxRootfs.NewId(), Spec = rootfs.Spec("sh", "-c", "sleep 100 & wait").Build(), Stdio = StdioMode.Null });
        bool hostProcesses = rootfs.HostFor(backend).Features.HostProcesses;
        if (hostProcesses)
            await WaitUntil(() => container.Processes().Count == Backends.Processes(backend, 2));
        container.Pause();
        Assert.Equal("paused", container.State().Status);
        if (hostProcesses)
            Assert.All(container.Processes(), pid => Assert.Contains(StateOf(pid), new[] { 'D', 'S' }));
        else
            Assert.Throws<NotSupportedException>(() => container.Processes());
        container.Resume();
        Assert.Equal("running", container.State().Status);
        var status = await container.StopAsync(TimeSpan.FromMilliseconds(200)).Deadline();
        Assert.Equal(Backends.StoppedWithoutHandler(backend), status);
    }

    [Theory, MemberData(nameof(Backends.Each), MemberType = typeof(Backends))]
    public async Task StoppingAPausedContainerThawsItFirst(string backend)
    {
        Backends.SkipWhereUnusable(backend);
        Assert.SkipUnless(rootfs.HostFor(backend).Features.Pause, $"{backend} cannot freeze a container here");
        await using var container = rootfs.HostFor(backend).Run(new ContainerRequest { Id = BusyboxRootfs.NewId(), Spec = rootfs.Spec("sleep", "100").Build(), Stdio = StdioMode.Null });
        container.Pause();
        var status = await container.StopAsync(TimeSpan.FromMilliseconds(200)).Deadline();
        Assert.Equal(Backends.StoppedWithoutHandler(backend), status);
    }

    private static ulong MemTotal()
    {
        string line = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
        return ulong.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
    }

    private static char StateOf(int pid)
    {
        string stat = File.ReadAllText($"/proc/{pid}/stat");
        return stat[stat.LastIndexOf(')') + 2];
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Within.Patience;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition never became true");
            await Task.Delay(20, Within.Test);
        }
    }
}
