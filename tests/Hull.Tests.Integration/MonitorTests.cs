namespace Hull.Tests.Integration;

/// <summary>
/// `--monitor`: a monitor process that outlives whoever launched the container, keeps its log, records its
/// exit status, and serves `attach`, `logs` and `wait`.
/// </summary>
public sealed class MonitorTests
{
    [Fact]
    public void TheExitStatusAndLogOutliveTheCallerThatStartedTheContainer()
    {
        using var bundle = new TestBundle("sh", "-c", "echo out; echo err >&2; sleep 0.5; echo late; exit 5");
        // The caller is killed the moment run returns, before the container has finished.
        bundle.Save();
        var crashed = HullProcess.RunCommand("", ["sh", "-c", $"\"$0\" run -d --monitor --bundle {bundle.Dir} {bundle.Id}; kill -9 $$", HullProcess.Binary]);
        Assert.Equal(137, crashed.ExitCode);

        var wait = bundle.Hull("wait", "--oom", bundle.Id);
        Assert.True(wait.ExitCode == 0, wait.ToString());
        Assert.Equal("5 oom=false\n", wait.Stdout);
        var logs = bundle.Hull("logs", bundle.Id);
        Assert.Equal("out\nlate\n", logs.Stdout);
        Assert.Equal("err\n", logs.Stderr);
        Assert.Equal("stopped", bundle.Status());
        Assert.Contains("\"exitCode\":5", File.ReadAllText($"/run/hull/{bundle.Id}/exit.json"), StringComparison.Ordinal);

        Assert.Equal(0, bundle.Hull("delete", bundle.Id).ExitCode);
        HostState.AssertNothingLeft(bundle);
    }

    [Fact]
    public void AKillOfAnAttachedClientLeavesTheContainerAndItsLogAlone()
    {
        using var bundle = new TestBundle("sh", "-c", "for i in 1 2 3 4 5 6; do echo line$i; sleep 0.2; done");
        Assert.Equal(0, bundle.Save().Hull("create", "--monitor", "--bundle", bundle.Dir, bundle.Id).ExitCode);
        Assert.Equal("created", bundle.Status());
        var attached = HullProcess.RunCommand("", ["sh", "-c", $"\"$0\" attach --no-stdin {bundle.Id} & sleep 0.5; kill -9 $!; wait", HullProcess.Binary]);
        Assert.True(attached.ExitCode is 0 or 137, attached.ToString());
        Assert.Equal(0, bundle.Hull("start", bundle.Id).ExitCode);
        Assert.Equal("0\n", bundle.Hull("wait", bundle.Id).Stdout);
        Assert.Equal(string.Concat(Enumerable.Range(1, 6).Select(i => $"line{i}\n")), bundle.Hull("logs", bundle.Id).Stdout);
    }

    [Fact]
    public void AttachPassesStdinAndExitsWithTheContainersCode()
    {
        using var bundle = new TestBundle("sh", "-c", "read x; echo got $x; exit 3");
        RunMonitored(bundle);
        var attached = HullProcess.RunCommand("", ["sh", "-c", $"echo hello | \"$0\" attach {bundle.Id}", HullProcess.Binary]);
        Assert.Equal(3, attached.ExitCode);
        Assert.Equal("got hello\n", attached.Stdout);
    }

    [Fact]
    public void AMonitorServesAttachUnderADeepStateDirectory()
    {
        // A unix socket address holds 107 bytes of path; engines keep their state in deep directories.
        string root = Path.Combine(Path.GetTempPath(), "hull-deep-" + new string('d', 100));
        using var bundle = new TestBundle("sh", "-c", "read x; echo got $x");
        try
        {
            var run = bundle.Save().Hull("--root", root, "run", "-d", "--monitor", "--bundle", bundle.Dir, bundle.Id);
            Assert.True(run.ExitCode == 0, run.ToString());
            var attached = HullProcess.RunCommand("", ["sh", "-c", $"echo deep | \"$0\" --root {root} attach {bundle.Id}", HullProcess.Binary]);
            Assert.Equal("got deep\n", attached.Stdout);
            Assert.Equal(0, bundle.Hull("--root", root, "delete", bundle.Id).ExitCode);
        }
        finally
        {
            bundle.Hull("--root", root, "delete", "--force", bundle.Id);
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void AttachFromATerminalPassesItsWindowSizeAsItChanges()
    {
        using var bundle = new TestBundle("sh", "-c", "read a; stty size; read b; stty size");
        bundle.Spec.Process!.Terminal = true;
        RunMonitored(bundle);
        var (master, slave) = Hull.Linux.Syscall.OpenPty();
        using (master)
        using (slave)
        {
            Hull.Linux.Syscall.SetWindowSize(master, 30, 90);
            string slavePath = new FileInfo($"/proc/self/fd/{slave.DangerousGetHandle()}").LinkTarget!;
            var info = new System.Diagnostics.ProcessStartInfo("/bin/sh") { UseShellExecute = false };
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add($"exec \"$0\" attach {bundle.Id} <>{slavePath} >&0 2>&0");
            info.ArgumentList.Add(HullProcess.Binary);
            using var attach = System.Diagnostics.Process.Start(info)!;
            Hull.Linux.Syscall.Write(master, "x\r"u8);
            Assert.Contains("30 90", TerminalTests.ReadUntil(master, "30 90"), StringComparison.Ordinal);
            // The kernel signals the terminal's foreground group; attach is not in it here, so it is signalled directly.
            Hull.Linux.Syscall.SetWindowSize(master, 40, 100);
            Hull.Linux.Syscall.Kill(attach.Id, 28);
            Thread.Sleep(200);
            Hull.Linux.Syscall.Write(master, "y\r"u8);
            Assert.Contains("40 100", TerminalTests.ReadUntil(master, "40 100"), StringComparison.Ordinal);
            Assert.True(attach.WaitForExit(TimeSpan.FromSeconds(20)));
            Assert.Equal(0, attach.ExitCode);
        }
    }

    [Fact]
    public void TheLogIsRotatedAtItsSizeCapAndKeepsTheNewestOutput()
    {
        using var bundle = new TestBundle("sh", "-c", "i=0; while [ $i -lt 3000 ]; do echo line$i; i=$((i+1)); done");
        Assert.Equal(0, bundle.Save().Hull("run", "-d", "--monitor", "--log-max-size", "32k", "--bundle", bundle.Dir, bundle.Id).ExitCode);
        Assert.Equal("0\n", bundle.Hull("wait", bundle.Id).Stdout);
        string log = $"/run/hull/{bundle.Id}/container.log";
        Assert.True(File.Exists(log + ".1"), "the log was never rotated");
        Assert.InRange(new FileInfo(log).Length, 1, 32 << 10);
        Assert.InRange(new FileInfo(log + ".1").Length, 1, 32 << 10);
        string[] lines = bundle.Hull("logs", bundle.Id).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("line2999", lines[^1]);
        // What is kept is a contiguous tail of the output.
        int first = int.Parse(lines[0]["line".Length..], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(Enumerable.Range(first, 3000 - first).Select(i => $"line{i}"), lines);
    }

    [Fact]
    public void FollowingTheLogEndsWhenTheContainerDoes()
    {
        using var bundle = new TestBundle("sh", "-c", "echo one; sleep 0.5; echo two");
        RunMonitored(bundle);
        var followed = bundle.Hull("logs", "--follow", bundle.Id);
        Assert.Equal("one\ntwo\n", followed.Stdout);
    }

    [Fact]
    public void AnOomKillIsRecordedInTheExitFile()
    {
        using var bundle = new TestBundle("dd", "if=/dev/zero", "of=/dev/null", "bs=64M", "count=1");
        bundle.Spec.Linux!.Resources = new Hull.Spec.LinuxResources { Memory = new Hull.Spec.LinuxMemory { Limit = 16 << 20, Swap = 16 << 20 } };
        RunMonitored(bundle);
        Assert.Equal("137 oom=true\n", bundle.Hull("wait", "--oom", bundle.Id).Stdout);
    }

    [Fact]
    public void AForcedDeleteEndsTheMonitorAndLeavesNothing()
    {
        using var bundle = new TestBundle("sleep", "100");
        RunMonitored(bundle);
        var monitor = MonitorPid(bundle);
        Assert.Equal(0, bundle.Hull("delete", "--force", bundle.Id).ExitCode);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (Directory.Exists($"/proc/{monitor}") && DateTime.UtcNow < deadline)
            Thread.Sleep(20);
        Assert.False(Directory.Exists($"/proc/{monitor}"), "the monitor outlived its container");
        HostState.AssertNothingLeft(bundle);
    }

    [Fact]
    public void TheMonitorHoldsNothingOfItsCaller()
    {
        // A caller waiting for end-of-file on a pipe it gave hull would otherwise wait as long as the container runs.
        using var bundle = new TestBundle("sleep", "100");
        string marker = Path.Combine(bundle.Dir, "caller-fd");
        var run = HullProcess.RunShell($"exec 7>{marker};", "run", "-d", "--monitor", "--bundle", bundle.Save().Dir, bundle.Id);
        Assert.True(run.ExitCode == 0, run.ToString());
        int monitor = MonitorPid(bundle);
        var held = Directory.GetFiles($"/proc/{monitor}/fd").Select(fd => new FileInfo(fd).LinkTarget).ToList();
        Assert.DoesNotContain(marker, held);
        Assert.Equal(0, bundle.Hull("delete", "--force", bundle.Id).ExitCode);
    }

    [Fact]
    public void OneLoopServesEveryAttachedClient()
    {
        // conmon's measure: one loop does it all (reaping too), however many clients. Beside it: the runtime's finalizer.
        using var bundle = new TestBundle("sleep", "60");
        RunMonitored(bundle);
        int monitor = MonitorPid(bundle);
        var clients = Enumerable.Range(0, 3).Select(_ => BackgroundHull.Start("attach", "--no-stdin", bundle.Id)).ToList();
        try
        {
            // The listener and three clients.
            BackgroundHull.WaitUntil(() => Sockets(monitor) >= 4, "three attach clients");
            Assert.InRange(Directory.GetDirectories($"/proc/{monitor}/task").Length, 1, 2);
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
            bundle.Hull("delete", "--force", bundle.Id);
        }
    }

    [Fact]
    public void AttachedInputLargerThanThePipesReachesAContainerThatEchoesIt()
    {
        // cat's output fills its pipe while the monitor still has input for it: neither may wait for the other.
        using var bundle = new TestBundle("cat");
        RunMonitored(bundle);
        var attached = HullProcess.RunCommand("", ["sh", "-c", $"head -c 1048576 /dev/zero | tr '\\0' x | \"$0\" attach {bundle.Id} | wc -c", HullProcess.Binary]);
        Assert.True(attached.ExitCode == 0, attached.ToString());
        Assert.Equal("1048576", attached.Stdout.Trim());
        Assert.Equal("0\n", bundle.Hull("wait", bundle.Id).Stdout);
        Assert.Equal(1048576, bundle.Hull("logs", bundle.Id).Stdout.Length);
    }

    [Fact]
    public void TheContainersOfAStateDirectoryShareOneMonitorThatEndsWithTheLast()
    {
        // conmon costs a process per container; one loop serving them all costs each container its descriptors.
        var bundles = Enumerable.Range(0, 3).Select(i => new TestBundle("sh", "-c", $"echo from{i}; sleep 60")).ToList();
        try
        {
            foreach (var bundle in bundles)
                RunMonitored(bundle);
            int monitor = MonitorPid(bundles[0]);
            Assert.All(bundles, b => Assert.Equal(monitor, MonitorPid(b)));

            // One container's exit is recorded while the others run on.
            Assert.Equal(0, bundles[1].Hull("kill", bundles[1].Id, "KILL").ExitCode);
            Assert.Equal("137\n", bundles[1].Hull("wait", bundles[1].Id).Stdout);
            Assert.Equal("from1\n", bundles[1].Hull("logs", bundles[1].Id).Stdout);
            // Following the log of a container that has exited ends, though its monitor serves on.
            Assert.Equal("from1\n", bundles[1].Hull("logs", "--follow", bundles[1].Id).Stdout);
            Assert.Equal("from2\n", bundles[2].Hull("logs", bundles[2].Id).Stdout);
            Assert.Equal("running", bundles[2].Status());

            foreach (var bundle in bundles)
                Assert.Equal(0, bundle.Hull("delete", "--force", bundle.Id).ExitCode);
            BackgroundHull.WaitUntil(() => !Directory.Exists($"/proc/{monitor}"), "the monitor to end with its last container");
            Assert.False(File.Exists("/run/hull/@monitor"), "the monitor left its socket behind");
            bundles.ForEach(HostState.AssertNothingLeft);
        }
        finally
        {
            bundles.ForEach(b => b.Hull("delete", "--force", b.Id));
            bundles.ForEach(b => b.Dispose());
        }
    }

    [Fact]
    public void AMonitorShortOfDescriptorsLeavesTheNextContainersToAnother()
    {
        // Half its descriptors in use, a monitor takes no more containers: the next launcher starts a new one.
        var bundles = Enumerable.Range(0, 6).Select(i => new TestBundle("sh", "-c", $"read x; echo got{i} $x")).ToList();
        try
        {
            foreach (var bundle in bundles)
            {
                // The container's own limit may not pass the one the monitor is given here.
                bundle.Spec.Process!.Rlimits = null;
                var run = HullProcess.RunShell("ulimit -n 48;", "run", "-d", "--monitor", "--bundle", bundle.Save().Dir, bundle.Id);
                Assert.True(run.ExitCode == 0, run.ToString());
            }
            Assert.InRange(bundles.Select(MonitorPid).Distinct().Count(), 2, bundles.Count - 1);
            for (int i = 0; i < bundles.Count; i++)
            {
                var attached = HullProcess.RunCommand("", ["sh", "-c", $"echo in{i} | \"$0\" attach {bundles[i].Id}", HullProcess.Binary]);
                Assert.Equal($"got{i} in{i}\n", attached.Stdout);
            }
        }
        finally
        {
            bundles.ForEach(b => b.Hull("delete", "--force", b.Id));
            bundles.ForEach(b => b.Dispose());
        }
    }

    [Fact]
    public void AnAttachedClientThatStopsReadingHoldsUpNoOtherContainer()
    {
        // The monitor's loop serves every container: a client whose socket is full must not stop it.
        using var flooding = new TestBundle("sh", "-c", "sleep 1; head -c 30000000 /dev/zero; sleep 60");
        using var other = new TestBundle("sh", "-c", "sleep 3; echo alive");
        try
        {
            RunMonitored(flooding);
            using var stalled = Hull.Linux.Syscall.ConnectUnix($"/run/hull/{flooding.Id}/attach.sock");
            RunMonitored(other);
            Assert.Equal(MonitorPid(flooding), MonitorPid(other));
            AssertExitedAndLogged(other, "alive\n");
        }
        finally
        {
            ForceDelete(flooding, other);
        }
    }

    [Fact]
    public void AContainerThatFailsToStartLeavesItsSharedMonitorServing()
    {
        using var running = new TestBundle("sh", "-c", "sleep 2; echo alive");
        using var failing = new TestBundle("sleep", "60");
        failing.Spec.Hooks = new Hull.Spec.Hooks { Poststart = [new Hull.Spec.Hook { Path = "/bin/false" }] };
        try
        {
            RunMonitored(running);
            var failed = failing.Save().Hull("run", "-d", "--monitor", "--bundle", failing.Dir, failing.Id);
            Assert.NotEqual(0, failed.ExitCode);
            HostState.AssertNothingLeft(failing);
            AssertExitedAndLogged(running, "alive\n");
        }
        finally
        {
            ForceDelete(running, failing);
        }
    }

    [Fact]
    public void AKilledMonitorIsReplacedByTheNextLauncher()
    {
        using var first = new TestBundle("sleep", "60");
        using var second = new TestBundle("sh", "-c", "echo second");
        try
        {
            RunMonitored(first);
            int killed = MonitorPid(first);
            Assert.True(Hull.Linux.Syscall.Kill(killed, 9));
            BackgroundHull.WaitUntil(() => !Directory.Exists($"/proc/{killed}") || File.ReadAllText($"/proc/{killed}/stat").Contains(") Z ", StringComparison.Ordinal), "the monitor to die");

            var run = second.Save().Hull("run", "-d", "--monitor", "--bundle", second.Dir, second.Id);
            Assert.True(run.ExitCode == 0, run.ToString());
            Assert.NotEqual(killed, MonitorPid(second));
            AssertExitedAndLogged(second, "second\n");
        }
        finally
        {
            ForceDelete(first, second);
        }
    }

    [Fact]
    public void AnIdleMonitorSleepsUntilSomethingHappens() => WithIdleMonitor(monitor =>
    {
        // A thousand idle containers should cost the host nothing while idle: no timer, no polling.
        long before = ContextSwitches(monitor);
        Thread.Sleep(3000);
        Assert.InRange(ContextSwitches(monitor) - before, 0, 1);
    });

    [Fact]
    public void AnIdleMonitorGivesBackTheCodeThatSetTheContainerUp() => WithIdleMonitor(monitor =>
    {
        // Parsing the config and creating the container run most of hull's code once; a monitor idling for the
        // container's life keeps mapped only what serving it touches, so the page cache can reclaim the rest.
        var (resident, size) = ReadOnlyImagePages(monitor);
        Assert.True(resident * 2 < size, $"{resident} of the {size} kB of hull's code and constants are mapped");
    });

    /// <summary>Runs <paramref name="check"/> on the pid of the monitor of an idle container, settled for half a second.</summary>
    private static void WithIdleMonitor(Action<int> check)
    {
        using var bundle = new TestBundle("sleep", "60");
        RunMonitored(bundle);
        try
        {
            int monitor = MonitorPid(bundle);
            Thread.Sleep(500);
            check(monitor);
        }
        finally
        {
            bundle.Hull("delete", "--force", bundle.Id);
        }
    }

    /// <summary>The kB mapped (Rss) and the kB in all (Size) of the process's own executable's non-writable mappings.</summary>
    private static (long Resident, long Size) ReadOnlyImagePages(int pid)
    {
        string executable = new FileInfo($"/proc/{pid}/exe").LinkTarget!;
        long resident = 0, size = 0;
        bool counting = false;
        foreach (var line in File.ReadLines($"/proc/{pid}/smaps"))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length > 0 && fields[0].Contains('-', StringComparison.Ordinal) && !fields[0].EndsWith(':'))
                counting = fields.Length >= 6 && fields[^1] == executable && !fields[1].Contains('w', StringComparison.Ordinal);
            else if (counting && fields[0] == "Size:")
                size += long.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture);
            else if (counting && fields[0] == "Rss:")
                resident += long.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture);
        }
        return (resident, size);
    }

    /// <summary>How often the threads of a process have gone to sleep or been put aside, in all.</summary>
    private static long ContextSwitches(int pid) =>
        Directory.GetDirectories($"/proc/{pid}/task")
            .SelectMany(task => File.ReadAllLines(Path.Combine(task, "status")))
            .Where(line => line.Contains("ctxt_switches:", StringComparison.Ordinal))
            .Sum(line => long.Parse(line.Split(':')[1].Trim(), System.Globalization.CultureInfo.InvariantCulture));

    private static void ForceDelete(params TestBundle[] bundles)
    {
        foreach (var bundle in bundles)
            bundle.Hull("delete", "--force", bundle.Id);
    }

    private static void RunMonitored(TestBundle bundle)
    {
        var run = bundle.Save().Hull("run", "-d", "--monitor", "--bundle", bundle.Dir, bundle.Id);
        Assert.True(run.ExitCode == 0, run.ToString());
    }

    /// <summary>The container exited with 0, and its log holds <paramref name="output"/> (stdout).</summary>
    private static void AssertExitedAndLogged(TestBundle bundle, string output)
    {
        Assert.Equal("0\n", bundle.Hull("wait", bundle.Id).Stdout);
        Assert.Equal(output, bundle.Hull("logs", bundle.Id).Stdout);
    }

    private static int MonitorPid(TestBundle bundle) =>
        int.Parse(File.ReadAllText($"/run/hull/{bundle.Id}/monitor.pid").Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);

    private static int Sockets(int pid) =>
        Directory.GetFiles($"/proc/{pid}/fd").Count(fd => new FileInfo(fd).LinkTarget?.StartsWith("socket:", StringComparison.Ordinal) == true);

    [Fact]
    public void BadInputIsRefusedClearlyAndLeavesNothing()
    {
        using var bundle = new TestBundle("true");
        bundle.Spec.Mounts!.Add(new Hull.Spec.Mount { Destination = "/x", Type = "bind", Source = "/does/not/exist", Options = ["bind"] });
        var failed = bundle.Save().Hull("run", "-d", "--monitor", "--bundle", bundle.Dir, bundle.Id);
        Assert.Equal(1, failed.ExitCode);
        Assert.Contains("/does/not/exist", failed.Stderr, StringComparison.Ordinal);
        HostState.AssertNothingLeft(bundle);

        var foreground = bundle.Hull("run", "--monitor", "--bundle", bundle.Dir, bundle.Id);
        Assert.Equal(1, foreground.ExitCode);
        Assert.Contains("--monitor needs --detach", foreground.Stderr, StringComparison.Ordinal);

        bundle.Spec.Mounts.RemoveAt(bundle.Spec.Mounts.Count - 1);
        Assert.Equal(0, bundle.Save().Hull("run", "-d", "--bundle", bundle.Dir, bundle.Id).ExitCode);
        var logs = bundle.Hull("logs", bundle.Id);
        Assert.Equal(1, logs.ExitCode);
        Assert.Contains("has no monitor", logs.Stderr, StringComparison.Ordinal);
        Assert.Contains("does not exist", bundle.Hull("wait", "nosuchcontainer").Stderr, StringComparison.Ordinal);
    }
}
