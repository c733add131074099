using System.Text.Json;
using Hull.Cgroups;
using Hull.Spec;

namespace Hull.Tests.Integration;

/// <summary>The library calls behind pause/resume, ps, events and update, against real containers.</summary>
[Trait("Host", "cgroups")]
public sealed class CgroupEventTests
{
    private static ICgroupManager ManagerOf(TestBundle bundle)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine("/run/hull", bundle.Id, "state.json")));
        return CgroupFactory.FromState(doc.RootElement.GetProperty("cgroup").Deserialize(CgroupJsonContext.Default.CgroupState)!);
    }

    [Fact]
    public void StatsOfARunningContainerHaveRuncsShape()
    {
        using var bundle = new TestBundle("sh", "-c", "i=0; while [ $i -lt 20000 ]; do i=$((i+1)); done; sleep 60");
        bundle.Spec.Linux!.Resources = new LinuxResources { Pids = new LinuxPids { Limit = 10 }, Memory = new LinuxMemory { Limit = 64 << 20 } };
        Assert.Equal(0, bundle.Run("--detach").ExitCode);
        var cgroup = ManagerOf(bundle);
        Thread.Sleep(300);
        var stats = cgroup.Stats();
        Assert.True(stats.Cpu.Usage.Total > 0);
        // cgroup v2 counts no time per CPU.
        Assert.Equal(HostCgroups.HasV1, stats.Cpu.Usage.PerCpu is not null);
        Assert.True(stats.Memory.Usage.Usage > 0);
        Assert.Equal(64UL << 20, stats.Memory.Usage.Limit);
        Assert.Equal(10UL, stats.Pids.Limit);
        Assert.True(stats.Pids.Current >= 1);
        Assert.True(stats.Hugetlb.ContainsKey("2MB"));
        using var doc = JsonDocument.Parse(CgroupEventStream.StatsEvent(cgroup, bundle.Id).ToJson());
        Assert.Equal("stats", doc.RootElement.GetProperty("type").GetString());
        var data = doc.RootElement.GetProperty("data");
        foreach (string key in new[] { "cpu", "cpuset", "memory", "pids", "blkio", "hugetlb", "intel_rdt", "network_interfaces" })
            Assert.True(data.TryGetProperty(key, out _), key);
        Assert.Equal(0, bundle.Hull("delete", "--force", bundle.Id).ExitCode);
        HostState.AssertNothingLeft(bundle);
    }

    [Fact]
    public void AnOomKillIsSeenByTheWatcherAndTheCounter()
    {
        using var bundle = new TestBundle("sh", "-c", "sleep 0.5; dd if=/dev/zero of=/dev/null bs=64M count=1; sleep 60");
        bundle.Spec.Linux!.Resources = new LinuxResources { Memory = new LinuxMemory { Limit = 16 << 20, Swap = 16 << 20 } };
        Assert.Equal(0, bundle.Create().ExitCode);
        var cgroup = ManagerOf(bundle);
        using var watcher = cgroup.WatchOom();
        Assert.Equal(0UL, cgroup.OomKillCount());
        Assert.Equal(0, bundle.Hull("start", bundle.Id).ExitCode);
        Assert.True(watcher.Wait(TimeSpan.FromSeconds(20)) > 0, "no OOM event");
        Assert.True(CgroupTreeWait(() => cgroup.OomKillCount() >= 1), "oom_kill stayed 0");
        Assert.Equal(0, bundle.Hull("delete", "--force", bundle.Id).ExitCode);
        Assert.Equal(-1, watcher.Wait(TimeSpan.FromSeconds(5)));
        HostState.AssertNothingLeft(bundle);
    }

    [Fact]
    public void TheEventStreamReportsOomAndStatsAndEndsWithTheCgroup()
    {
        using var bundle = new TestBundle("sh", "-c", "sleep 0.3; dd if=/dev/zero of=/dev/null bs=64M count=1; sleep 60");
        bundle.Spec.Linux!.Resources = new LinuxResources { Memory = new LinuxMemory { Limit = 16 << 20, Swap = 16 << 20 } };
        Assert.Equal(0, bundle.Create().ExitCode);
        var cgroup = ManagerOf(bundle);
        var events = new List<string>();
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var loop = new Thread(() => CgroupEventStream.Run(cgroup, bundle.Id, TimeSpan.FromMilliseconds(300), e => { lock (events) events.Add(e.ToJson()); }, cancel.Token));
        loop.Start();
        Assert.Equal(0, bundle.Hull("start", bundle.Id).ExitCode);
        Assert.True(CgroupTreeWait(() => { lock (events) return events.Any(e => e.StartsWith("{\"type\":\"oom\"", StringComparison.Ordinal)); }), "no oom event");
        Assert.Equal(0, bundle.Hull("delete", "--force", bundle.Id).ExitCode);
        Assert.True(loop.Join(TimeSpan.FromSeconds(10)), "the stream did not end with the cgroup");
        lock (events)
        {
            Assert.Contains(events, e => e.StartsWith("{\"type\":\"stats\",\"id\":\"" + bundle.Id, StringComparison.Ordinal));
            Assert.Contains($"{{\"type\":\"oom\",\"id\":\"{bundle.Id}\"}}", events);
        }
        HostState.AssertNothingLeft(bundle);
    }

    [Fact]
    public void UpdateChangesTheLimitsOfARunningContainer()
    {
        using var bundle = new TestBundle("sleep", "60");
        bundle.Spec.Linux!.Resources = new LinuxResources { Pids = new LinuxPids { Limit = 10 }, Memory = new LinuxMemory { Limit = 64 << 20 } };
        Assert.Equal(0, bundle.Run("--detach").ExitCode);
        var cgroup = ManagerOf(bundle);
        cgroup.Set(new LinuxResources
        {
            Pids = new LinuxPids { Limit = 20 },
            Memory = new LinuxMemory { Limit = 128 << 20, Swap = 256 << 20 },
            Cpu = new LinuxCpu { Shares = 2048, Quota = 10000 },
        });
        int pid = bundle.Pid();
        Assert.Equal("20", HostCgroups.Read(pid, "pids.max"));
        Assert.Equal("134217728", HostCgroups.Read(pid, "memory.limit_in_bytes", "memory.max"));
        // v2 keeps the swap alone, v1 memory and swap together.
        Assert.Equal(HostCgroups.Expected("268435456", "134217728"), HostCgroups.Read(pid, "memory.memsw.limit_in_bytes", "memory.swap.max"));
        Assert.Equal(HostCgroups.Expected("2048", "174"), HostCgroups.Read(pid, "cpu.shares", "cpu.weight"));
        // Lowering both again takes the other order of writes (v1's memsw must stay ≥ the limit at each step).
        cgroup.Set(new LinuxResources { Memory = new LinuxMemory { Limit = 32 << 20, Swap = 48 << 20 } });
        Assert.Equal("33554432", HostCgroups.Read(pid, "memory.limit_in_bytes", "memory.max"));
        Assert.Equal(HostCgroups.Expected("50331648", "16777216"), HostCgroups.Read(pid, "memory.memsw.limit_in_bytes", "memory.swap.max"));
        var refused = Assert.Throws<CgroupException>(() => cgroup.Set(new LinuxResources { Memory = new LinuxMemory { Limit = 4096, CheckBeforeUpdate = true } }));
        Assert.Contains("below the current usage", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, bundle.Hull("delete", "--force", bundle.Id).ExitCode);
        HostState.AssertNothingLeft(bundle);
    }

    private static bool CgroupTreeWait(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                return false;
            Thread.Sleep(50);
        }
        return true;
    }
}
