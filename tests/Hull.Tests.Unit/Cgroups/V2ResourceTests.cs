using Hull.Cgroups;
using Hull.Spec;

namespace Hull.Tests.Unit.Cgroups;

public sealed class V2ResourceTests : IDisposable
{
    private readonly FakeCgroupTree _tree = new FakeCgroupTree().V2("cpuset cpu io memory hugetlb pids rdma", name: "");
    private readonly ICgroupManager _manager;

    public V2ResourceTests()
    {
        _manager = new CgroupFactory(_tree.Mountinfo, _tree.ProcCgroup).ForContainer("/c", "c");
        _tree.Files("c", "cpu.weight", "cpu.max=max 100000", "cpu.max.burst", "cpu.idle", "cpuset.cpus", "cpuset.mems",
            "memory.max", "memory.low", "memory.swap.max", "memory.current=5000", "pids.max", "io.weight", "io.max",
            "hugetlb.2MB.max", "rdma.max", "memory.high", "cgroup.freeze=0", "cgroup.events=populated 1\nfrozen 0\n");
    }

    public void Dispose() => _tree.Dispose();

    [Fact]
    public void CpuValuesAreConverted()
    {
        _manager.Set(new LinuxResources { Cpu = new LinuxCpu { Shares = 1024, Quota = 50000, Period = 200000, Burst = 10, Idle = 0, Cpus = "1", Mems = "0" } });
        Assert.Equal("100", _tree.Read("c/cpu.weight"));
        Assert.Equal("50000 200000", _tree.Read("c/cpu.max"));
        Assert.Equal("10", _tree.Read("c/cpu.max.burst"));
        Assert.Equal("0", _tree.Read("c/cpu.idle"));
        Assert.Equal("1", _tree.Read("c/cpuset.cpus"));
        Assert.Equal("0", _tree.Read("c/cpuset.mems"));
    }

    [Fact]
    public void APeriodAloneKeepsTheQuota()
    {
        File.WriteAllText(Path.Combine(_tree.Root, "c/cpu.max"), "30000 100000\n");
        _manager.Set(new LinuxResources { Cpu = new LinuxCpu { Period = 50000 } });
        Assert.Equal("30000 50000", _tree.Read("c/cpu.max"));
        _manager.Set(new LinuxResources { Cpu = new LinuxCpu { Quota = -1 } });
        Assert.Equal("max 50000", _tree.Read("c/cpu.max"));
    }

    [Fact]
    public void MemorySwapIsSwapAlone()
    {
        _manager.Set(new LinuxResources { Memory = new LinuxMemory { Limit = 100_000_000, Swap = 300_000_000, Reservation = 10_000_000 } });
        Assert.Equal("100000000", _tree.Read("c/memory.max"));
        Assert.Equal("200000000", _tree.Read("c/memory.swap.max"));
        Assert.Equal("10000000", _tree.Read("c/memory.low"));
    }

    [Fact]
    public void UnlimitedMemoryIsMax()
    {
        _manager.Set(new LinuxResources { Memory = new LinuxMemory { Limit = -1 } });
        Assert.Equal("max", _tree.Read("c/memory.max"));
        Assert.Equal("max", _tree.Read("c/memory.swap.max"));
    }

    [Fact]
    public void V1OnlyMemorySettingsAreRefusedByName()
    {
        Assert.Contains("memory.swappiness", Assert.Throws<CgroupException>(() => _manager.Set(new LinuxResources { Memory = new LinuxMemory { Swappiness = 10 } })).Message, StringComparison.Ordinal);
        Assert.Contains("cpu.rt_runtime_us", Assert.Throws<CgroupException>(() => _manager.Set(new LinuxResources { Cpu = new LinuxCpu { RealtimeRuntime = 10 } })).Message, StringComparison.Ordinal);
        // Deprecated kernel memory (ignored, as runc ignores it) and v2's always-on hierarchy need nothing.
        _manager.Set(new LinuxResources { Memory = new LinuxMemory { Kernel = 1000, KernelTcp = 10, UseHierarchy = true, DisableOomKiller = false } });
    }

    [Fact]
    public void IoWeightAndThrottlesAreConverted()
    {
        _manager.Set(new LinuxResources
        {
            BlockIO = new LinuxBlockIO
            {
                Weight = 500,
                ThrottleReadBpsDevice = [new LinuxThrottleDevice { Major = 8, Minor = 0, Rate = 1048576 }],
                ThrottleWriteIOPSDevice = [new LinuxThrottleDevice { Major = 8, Minor = 0, Rate = 0 }],
            },
        });
        Assert.Equal("default 4950", _tree.Read("c/io.weight"));
        Assert.Equal("8:0 wiops=max", _tree.Read("c/io.max"));
    }

    [Fact]
    public void BfqWeightTakesTheV1RangeAsIs()
    {
        _tree.Files("c", "io.bfq.weight");
        _manager.Set(new LinuxResources { BlockIO = new LinuxBlockIO { Weight = 500, WeightDevice = [new LinuxWeightDevice { Major = 8, Minor = 0, Weight = 300 }] } });
        Assert.Equal("8:0 300", _tree.Read("c/io.bfq.weight"));
    }

    [Fact]
    public void PidsHugetlbRdmaAndUnifiedAreWritten()
    {
        _manager.Set(new LinuxResources
        {
            Pids = new LinuxPids { Limit = -1 },
            HugepageLimits = [new LinuxHugepageLimit { PageSize = "2MB", Limit = 2097152 }],
            Rdma = new Dictionary<string, LinuxRdma> { ["mlx4_0"] = new LinuxRdma { HcaHandles = 2 } },
            Unified = new Dictionary<string, string> { ["memory.high"] = "50000000" },
        });
        Assert.Equal("max", _tree.Read("c/pids.max"));
        Assert.Equal("2097152", _tree.Read("c/hugetlb.2MB.max"));
        Assert.Equal("mlx4_0 hca_handle=2", _tree.Read("c/rdma.max"));
        Assert.Equal("50000000", _tree.Read("c/memory.high"));
    }

    [Fact]
    public void UnifiedKeysMustBeFilesOfTheCgroup()
    {
        Assert.Throws<CgroupException>(() => _manager.Set(new LinuxResources { Unified = new Dictionary<string, string> { ["../x.y"] = "1" } }));
        Assert.Throws<CgroupException>(() => _manager.Set(new LinuxResources { Unified = new Dictionary<string, string> { ["cgroup.procs"] = "1" } }));
        var missing = Assert.Throws<CgroupException>(() => _manager.Set(new LinuxResources { Unified = new Dictionary<string, string> { ["misc.max"] = "1" } }));
        Assert.Contains("misc.max", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NetworkIsRefusedOnV2() =>
        Assert.Throws<CgroupException>(() => _manager.Set(new LinuxResources { Network = new LinuxNetwork { ClassId = 1 } }));

    [Fact]
    public void ControllersAreEnabledFromTheMountDown()
    {
        var v2 = (V2CgroupManager)_manager;
        var deep = new V2CgroupManager(Path.Combine(_tree.Root, "a/b/c"), _tree.Root, ["memory", "pids"]);
        deep.EnableControllers();
        // A plain file only keeps the last write; the walk reaches the mount's own subtree_control.
        Assert.Equal("+pids", _tree.Read("cgroup.subtree_control"));
        Assert.Equal(_tree.Root, v2.MountPoint);
    }

    [Fact]
    public void FreezeWaitsForTheFrozenEvent()
    {
        File.WriteAllText(Path.Combine(_tree.Root, "c/cgroup.events"), "populated 1\nfrozen 1\n");
        _manager.Freeze();
        Assert.Equal("1", _tree.Read("c/cgroup.freeze"));
        Assert.True(_manager.IsFrozen());
        File.WriteAllText(Path.Combine(_tree.Root, "c/cgroup.events"), "populated 1\nfrozen 0\n");
        _manager.Thaw();
        Assert.False(_manager.IsFrozen());
    }
}
