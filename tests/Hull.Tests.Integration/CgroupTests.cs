using System.Text.Json;
using Hull.Cgroups;
using Hull.Spec;

namespace Hull.Tests.Integration;

/// <summary>Real containers on this host's hybrid layout: the limits land in the host's cgroup files, and nothing is left.</summary>
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
            Memory = new LinuxMemory { Limit = 64 << 20, Swap = 128 << 20, Reservation = 32 << 20, Swappiness = 20 },
            Pids = new LinuxPids { Limit = 42 },
            Cpu = new LinuxCpu { Shares = 256, Quota = 20000, Period = 100000, Cpus = "0", Mems = "0" },
            BlockIO = new LinuxBlockIO { ThrottleReadBpsDevice = [new LinuxThrottleDevice { Major = major, Minor = minor, Rate = 1 << 20 }] },
            HugepageLimits = [new LinuxHugepageLimit { PageSize = "2MB", Limit = 4 << 20 }],
            Devices = [new LinuxDeviceCgroup { Allow = false, Access = "rwm" }],
        };
        var created = bundle.Create();
        Assert.True(created.ExitCode == 0, created.ToString());
        Assert.Equal("67108864", Read(HostFile(bundle, "memory", "memory.limit_in_bytes")));
        Assert.Equal("134217728", Read(HostFile(bundle, "memory", "memory.memsw.limit_in_bytes")));
        Assert.Equal("33554432", Read(HostFile(bundle, "memory", "memory.soft_limit_in_bytes")));
        Assert.Equal("20", Read(HostFile(bundle, "memory", "memory.swappiness")));
        Assert.Equal("42", Read(HostFile(bundle, "pids", "pids.max")));
        Assert.Equal("256", Read(HostFile(bundle, "cpu", "cpu.shares")));
        Assert.Equal("20000", Read(HostFile(bundle, "cpu", "cpu.cfs_quota_us")));
        Assert.Equal("0", Read(HostFile(bundle, "cpuset", "cpuset.cpus")));
        Assert.Equal($"{major}:{minor} 1048576", Read(HostFile(bundle, "blkio", "blkio.throttle.read_bps_device")));
        // hugetlb has no v1 hierarchy here: it goes through the cgroup2 mount.
        Assert.Equal("4194304", Read(HostFile(bundle, "unified", "hugetlb.2MB.max")));
        string devices = Read(HostFile(bundle, "devices", "devices.list"));
        Assert.Contains("c 1:3 rwm", devices, StringComparison.Ordinal);
        Assert.DoesNotContain("a *:* rwm", devices, StringComparison.Ordinal);
        int pid = bundle.Pid();
        Assert.Contains(pid.ToString(), Read(HostFile(bundle, "memory", "cgroup.procs")).Split('\n'));
        Assert.Contains(pid.ToString(), Read(HostFile(bundle, "unified", "cgroup.procs")).Split('\n'));

        Assert.Equal(0, bundle.Hull("delete", "--force", bundle.Id).ExitCode);
        HostState.AssertNothingLeft(bundle);
    }

    [Fact]
    public void ACpusetUnderAParentMadeOnTheWayGetsItsCpus()
    {
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
            foreach (string hierarchy in Directory.GetDirectories("/sys/fs/cgroup"))
            {
                if (Directory.Exists(Path.Combine(hierarchy, parent)))
                    Directory.Delete(Path.Combine(hierarchy, parent));
            }
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
        Assert.All(lines, line => Assert.EndsWith($"/{id}", line, StringComparison.Ordinal));
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
        using var bundle = new TestBundle("sleep", "60");
        string relative = $"hulltest-{bundle.Id}/inner";
        bundle.Spec.Linux!.CgroupsPath = relative;
        var created = bundle.Create();
        Assert.True(created.ExitCode == 0, created.ToString());
        var own = CgroupPaths.ReadProcCgroup();
        string memoryDir = Path.Combine("/sys/fs/cgroup/memory", own["memory"].TrimStart('/'), relative);
        Assert.Contains(bundle.Pid().ToString(), Read(Path.Combine(memoryDir, "cgroup.procs")).Split('\n'));
        Assert.Equal(0, bundle.Hull("delete", "--force", bundle.Id).ExitCode);
        Assert.False(Directory.Exists(memoryDir));
        foreach (string hierarchy in Directory.GetDirectories("/sys/fs/cgroup"))
        {
            string parent = Path.Combine(hierarchy, own.GetValueOrDefault(Path.GetFileName(hierarchy), "/").TrimStart('/'), $"hulltest-{bundle.Id}");
            if (Directory.Exists(parent))
                Directory.Delete(parent);
        }
    }

    [Fact]
    public void AnAbsoluteCgroupsPathIsTakenFromTheHierarchyRoots()
    {
        using var bundle = new TestBundle("true");
        bundle.Spec.Linux!.CgroupsPath = $"/hulltest-{bundle.Id}";
        bundle.Spec.Linux.Resources = new LinuxResources { Pids = new LinuxPids { Limit = 9 } };
        var created = bundle.Create();
        Assert.True(created.ExitCode == 0, created.ToString());
        Assert.Equal("9", Read($"/sys/fs/cgroup/pids/hulltest-{bundle.Id}/pids.max"));
        Assert.Equal(0, bundle.Hull("delete", "--force", bundle.Id).ExitCode);
        Assert.False(Directory.Exists($"/sys/fs/cgroup/pids/hulltest-{bundle.Id}"));
    }

    [Fact]
    public void ARefusedValueFailsCreateAndLeavesNothing()
    {
        using var bundle = new TestBundle("true");
        bundle.Spec.Linux!.Resources = new LinuxResources { Network = new LinuxNetwork { ClassId = 7 } };
        var created = bundle.Create();
        Assert.Equal(1, created.ExitCode);
        Assert.Contains("cannot set net_cls limit: container could not join or create cgroup", created.Stderr, StringComparison.Ordinal);
        HostState.AssertNothingLeft(bundle);
    }

    [Fact]
    public void AContainerFreezesThawsAndIsDeletedWhileFrozen()
    {
        using var bundle = new TestBundle("sh", "-c", "sleep 60 & sleep 60 & wait");
        Assert.Equal(0, bundle.Run("--detach").ExitCode);
        var cgroup = ManagerOf(bundle);
        cgroup.Freeze();
        Assert.Equal("FROZEN", Read(HostFile(bundle, "freezer", "freezer.state")));
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
        Assert.False(Directory.Exists(Path.Combine("/sys/fs/cgroup/memory/hull", bundle.Id)));
        Assert.Equal(0, bundle.Hull("delete", "--force", bundle.Id).ExitCode);
        HostState.AssertNothingLeft(bundle);
    }
}
