using System.Text.Json;
using Hull.Cgroups;
using Hull.Spec;

namespace Hull.Tests.Integration;

/// <summary>Real containers on the host's layout (v1, hybrid or pure v2): the limits land in its cgroup files, and nothing is left.</summary>
[Trait("Host", "cgroups")]
public sealed class CgroupTests
{
    /// <summary>A file of the container's cgroup in <paramref name="controller"/>'s hierarchy ("unified" for cgroup2's).</summary>
    private static string HostFile(TestBundle bundle, string controller, string file) => Path.Combine(HostCgroups.DirectoryOf(bundle.Pid(), controller), file);

    private static string Read(string path) => File.ReadAllText(path).Trim();

    /// <summary>The container's cgroup manager, re-created from hull's state.json as the runtime does.</summary>
    private static ICgroupManager ManagerOf(TestBundle bundle)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine("/run/hull", bundle.Id, "state.json")));
        var state = doc.RootElement.GetProperty("cgroup").Deserialize(CgroupJsonContext.Default.CgroupState)!;
        return CgroupFactory.FromState(state);
    }

    /// <summary>A real block device of this machine ("254:0"), for throttle rules.</summary>
    private static (long Major, long Minor) BlockDevice()
    {
        string dev = Directory.GetDirectories("/sys/block").Select(Path.GetFileName).First(n => !n!.StartsWith("loop", StringComparison.Ordinal))!;
        string[] numbers = Read($"/sys/block/{dev}/dev").Split(':');
        return (long.Parse(numbers[0]), long.Parse(numbers[1]));
    }

    [Fact]
    public void LimitsLandInTheHostsCgroupFiles()
    {
        var (major, minor) = BlockDevice();
        using var bundle = new TestBundle("sleep", "60");
        bundle.Spec.Linux!.Resources = new LinuxResources
        {
            // cgroup v2 has no swappiness (runc refuses it there too).
            Memory = new LinuxMemory { Limit = 64 << 20, Swap = 128 << 20, Reservation = 32 << 20, Swappiness = HostCgroups.HasV1 ? 20 : null },
            Pids = new LinuxPids { Limit = 42 },
            Cpu = new LinuxCpu { Shares = 256, Quota = 20000, Period = 100000, Cpus = "0", Mems = "0" },
            BlockIO = new LinuxBlockIO { ThrottleReadBpsDevice = [new LinuxThrottleDevice { Major = major, Minor = minor, Rate = 1 << 20 }] },
            HugepageLimits = [new LinuxHugepageLimit { PageSize = "2MB", Limit = 4 << 20 }],
            Devices = [new LinuxDeviceCgroup { Allow = false, Access = "rwm" }],
        };
        var created = bundle.Create();
        Assert.True(created.ExitCode == 0, created.ToString());
        int pid = bundle.Pid();
        Assert.Equal("67108864", HostCgroups.Read(pid, "memory.limit_in_bytes", "memory.max"));
        // v2 keeps the swap alone, v1 memory and swap together.
        Assert.Equal(HostCgroups.Expected("134217728", "67108864"), HostCgroups.Read(pid, "memory.memsw.limit_in_bytes", "memory.swap.max"));
        Assert.Equal("33554432", HostCgroups.Read(pid, "memory.soft_limit_in_bytes", "memory.low"));
        if (HostCgroups.HasV1)
            Assert.Equal("20", HostCgroups.Read(pid, "memory.swappiness"));
        Assert.Equal("42", HostCgroups.Read(pid, "pids.max"));
        // Shares become a weight as crun and newer runc convert them (1024 is 100).
        Assert.Equal(HostCgroups.Expected("256", "35"), HostCgroups.Read(pid, "cpu.shares", "cpu.weight"));
        Assert.Equal(HostCgroups.Expected("20000", "20000 100000"), HostCgroups.Read(pid, "cpu.cfs_quota_us", "cpu.max"));
        Assert.Equal("0", HostCgroups.Read(pid, "cpuset.cpus"));
        Assert.Equal(HostCgroups.Expected($"{major}:{minor} 1048576", $"{major}:{minor} rbps=1048576 wbps=max riops=max wiops=max"),
            HostCgroups.Read(pid, "blkio.throttle.read_bps_device", "io.max"));
        // hugetlb has no v1 hierarchy on a hybrid host: it goes through the cgroup2 mount, as on a pure v2 one.
        Assert.Equal("4194304", Read(HostFile(bundle, "unified", "hugetlb.2MB.max")));
        // cgroup v2 has no device list: its eBPF filter is tested by what a container may open (DeviceRulesAreEnforced).
        if (HostCgroups.HasV1)
        {
            string devices = Read(HostFile(bundle, "devices", "devices.list"));
            Assert.Contains("c 1:3 rwm", devices, StringComparison.Ordinal);
            Assert.DoesNotContain("a *:* rwm", devices, StringComparison.Ordinal);
        }
        Assert.Contains(pid.ToString(), Read(HostFile(bundle, "memory", "cgroup.procs")).Split('\n'));
        Assert.Contains(pid.ToString(), Read(HostFile(bundle, "unified", "cgroup.procs")).Split('\n'));

        var deleted = bundle.Hull("delete", "--force", bundle.Id);
        Assert.True(deleted.ExitCode == 0, deleted.ToString());
        HostState.AssertNothingLeft(bundle);
    }

    [Fact]
    public void ACpusetUnderAParentMadeOnTheWayGetsItsCpus()
    {
        Assert.SkipWhen(TestFlags.SystemdCgroup, "a cgroupfs path; the systemd driver takes slice:prefix:name");
        using var bundle = new TestBundle("sleep", "60");
        string parent = $"hull-test-{Guid.NewGuid():N}";
        bundle.Spec.Linux!.CgroupsPath = $"/{parent}/{bundle.Id}";
        bundle.Spec.Linux.Resources = new LinuxResources { Cpu = new LinuxCpu { Cpus = "0", Mems = "0" } };
        try
        {
            var run = bundle.Run("-d");
            Assert.True(run.ExitCode == 0, run.ToString());
            Assert.Equal("0", Read(HostFile(bundle, "cpuset", "cpuset.cpus")));
            Assert.Equal(0, bundle.Hull("delete", "--force", bundle.Id).ExitCode);
            HostState.AssertNothingLeft(bundle);
        }
        finally
        {
            // Like runc, hull removes the container's own cgroup and leaves the parents a config named.
            foreach (string dir in HostCgroups.Named(parent))
                Directory.Delete(dir);
        }
    }

    [Fact]
    public void TheInitIsInEveryHierarchyOfItsCgroupBeforeAndAfterStart()
    {
        using var bundle = new TestBundle("sleep", "60");
        var created = bundle.Create();
        Assert.True(created.ExitCode == 0, created.ToString());
        int pid = bundle.Pid();
        AssertInContainerCgroup(pid, bundle.Id);
        Assert.Contains(pid.ToString(), bundle.Hull("ps", bundle.Id).Stdout, StringComparison.Ordinal);

        Assert.Equal(0, bundle.Hull("start", bundle.Id).ExitCode);
        // The init's main thread moved itself in; its runtime threads, left behind, ended at execve.
        Assert.Single(Directory.GetDirectories($"/proc/{pid}/task"));
        AssertInContainerCgroup(pid, bundle.Id);
        Assert.Equal(0, bundle.Hull("delete", "--force", bundle.Id).ExitCode);
        HostState.AssertNothingLeft(bundle);
    }

    private static void AssertInContainerCgroup(int pid, string id)
    {
        string[] lines = File.ReadAllLines($"/proc/{pid}/cgroup");
        Assert.NotEmpty(lines);
        // Named by the id, or by the systemd driver's unit for it.
        Assert.All(lines, line => Assert.True(line.EndsWith($"/{id}", StringComparison.Ordinal) || line.EndsWith($"/hull-{id}.scope", StringComparison.Ordinal), line));
    }

    [Fact]
    public void ThePidsLimitHoldsInsideTheContainer()
    {
        using var bundle = new TestBundle("sh", "-c", "for i in 1 2 3 4 5 6 7 8; do sleep 5 & done; wait; echo done");
        bundle.Spec.Linux!.Resources = new LinuxResources { Pids = new LinuxPids { Limit = 4 } };
        var result = bundle.Run();
        Assert.Contains("can't fork", result.Stderr + result.Stdout, StringComparison.OrdinalIgnoreCase);
        HostState.AssertNothingLeft(bundle);
    }

    [Fact]
    public void DeviceRulesAreEnforced()
    {
        // mknod of anything is allowed (as in runc), but opening a device no rule allows is not: /dev/mem is 1:1.
        using var bundle = new TestBundle("sh", "-c", "mknod /tmp/mem c 1 1 && echo made; head -c 1 /tmp/mem >/dev/null || echo mem-denied; head -c 1 /dev/zero >/dev/null && echo zero-ok");
        var caps = bundle.Spec.Process!.Capabilities!;
        caps.Bounding!.Add("CAP_MKNOD");
        caps.Effective!.Add("CAP_MKNOD");
        caps.Permitted!.Add("CAP_MKNOD");
        var result = bundle.Run();
        Assert.Contains("made", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("mem-denied", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("zero-ok", result.Stdout, StringComparison.Ordinal);
        HostState.AssertNothingLeft(bundle);
    }

    [Fact]
    public void ARelativeCgroupsPathHangsBelowHullsOwnCgroup()
    {
        Assert.SkipWhen(TestFlags.SystemdCgroup, "a cgroupfs path; the systemd driver takes slice:prefix:name");
        using var bundle = new TestBundle("sleep", "60");
        string relative = $"hulltest-{bundle.Id}/inner";
        bundle.Spec.Linux!.CgroupsPath = relative;
        var created = bundle.Create();
        Assert.True(created.ExitCode == 0, created.ToString());
        string memoryDir = HostCgroups.DirectoryOf(bundle.Pid(), "memory");
        Assert.Equal(Path.Combine(HostCgroups.DirectoryOf(Environment.ProcessId, "memory"), relative), memoryDir);
        Assert.Equal(0, bundle.Hull("delete", "--force", bundle.Id).ExitCode);
        Assert.False(Directory.Exists(memoryDir));
        // Like runc, hull leaves the parents a config named.
        foreach (string parent in HostCgroups.Named($"hulltest-{bundle.Id}"))
            Directory.Delete(parent);
    }

    [Fact]
    public void AnAbsoluteCgroupsPathIsTakenFromTheHierarchyRoots()
    {
        Assert.SkipWhen(TestFlags.SystemdCgroup, "a cgroupfs path; the systemd driver takes slice:prefix:name");
        using var bundle = new TestBundle("true");
        bundle.Spec.Linux!.CgroupsPath = $"/hulltest-{bundle.Id}";
        bundle.Spec.Linux.Resources = new LinuxResources { Pids = new LinuxPids { Limit = 9 } };
        var created = bundle.Create();
        Assert.True(created.ExitCode == 0, created.ToString());
        Assert.Equal($"/hulltest-{bundle.Id}", File.ReadAllLines($"/proc/{bundle.Pid()}/cgroup").First(l => l.Contains("pids", StringComparison.Ordinal) || l.StartsWith("0::", StringComparison.Ordinal)).Split(':', 3)[2]);
        Assert.Equal("9", HostCgroups.Read(bundle.Pid(), "pids.max"));
        Assert.Equal(0, bundle.Hull("delete", "--force", bundle.Id).ExitCode);
        Assert.Empty(HostCgroups.Named($"hulltest-{bundle.Id}"));
    }

    [Fact]
    public void ARefusedValueFailsCreateAndLeavesNothing()
    {
        using var bundle = new TestBundle("true");
        bundle.Spec.Linux!.Resources = new LinuxResources { Network = new LinuxNetwork { ClassId = 7 } };
        var created = bundle.Create();
        Assert.Equal(1, created.ExitCode);
        Assert.Contains(HostCgroups.Expected("cannot set net_cls limit: container could not join or create cgroup", "the network controllers do not exist in cgroup v2"),
            created.Stderr, StringComparison.Ordinal);
        HostState.AssertNothingLeft(bundle);
    }

    [Fact]
    public void AContainerFreezesThawsAndIsDeletedWhileFrozen()
    {
        using var bundle = new TestBundle("sh", "-c", "sleep 60 & sleep 60 & wait");
        Assert.Equal(0, bundle.Run("--detach").ExitCode);
        var cgroup = ManagerOf(bundle);
        cgroup.Freeze();
        Assert.Equal(HostCgroups.Expected("FROZEN", "1"), HostCgroups.Read(bundle.Pid(), "freezer.state", "cgroup.freeze"));
        Assert.Equal("paused", bundle.Status());
        cgroup.Thaw();
        Assert.Equal("running", bundle.Status());
        Assert.Equal(3, cgroup.Pids().Count);

        cgroup.Freeze();
        var deleted = bundle.Hull("delete", "--force", bundle.Id);
        Assert.True(deleted.ExitCode == 0, deleted.ToString());
        HostState.AssertNothingLeft(bundle);
    }

    [Fact]
    public void DestroyKillsWhatIsLeftInAFrozenCgroup()
    {
        using var bundle = new TestBundle("sh", "-c", "sleep 60 & sleep 60 & wait");
        Assert.Equal(0, bundle.Run("--detach").ExitCode);
        var cgroup = ManagerOf(bundle);
        var pids = cgroup.Pids();
        cgroup.Freeze();
        cgroup.Destroy();
        Assert.All(pids, pid => Assert.False(File.Exists($"/proc/{pid}/cmdline") && File.ReadAllText($"/proc/{pid}/cmdline").Length > 0, $"pid {pid} survived"));
        Assert.Empty(HostCgroups.Named(bundle.Id));
        Assert.Equal(0, bundle.Hull("delete", "--force", bundle.Id).ExitCode);
        HostState.AssertNothingLeft(bundle);
    }
}
