using Hull.Cgroups;
using Hull.Spec;

namespace Hull.Tests.Unit.Cgroups;

public sealed class V1ResourceTests : IDisposable
{
    private readonly FakeCgroupTree _tree = new FakeCgroupTree().AllV1();
    private readonly ICgroupManager _manager;

    public V1ResourceTests()
    {
        _manager = new CgroupFactory(_tree.Mountinfo, _tree.ProcCgroup).ForContainer("/c", "c");
        _tree.Files("cpu,cpuacct/c", "cpu.shares", "cpu.cfs_quota_us", "cpu.cfs_period_us", "cpu.cfs_burst_us", "cpu.rt_period_us", "cpu.rt_runtime_us", "cpu.idle");
        _tree.Files("cpuset/c", "cpuset.cpus", "cpuset.mems");
        _tree.Files("memory/c", "memory.limit_in_bytes=9223372036854771712", "memory.memsw.limit_in_bytes", "memory.soft_limit_in_bytes",
            "memory.kmem.limit_in_bytes", "memory.kmem.tcp.limit_in_bytes", "memory.swappiness", "memory.oom_control", "memory.use_hierarchy=1", "memory.usage_in_bytes=5000");
        _tree.Files("pids/c", "pids.max");
        _tree.Files("blkio/c", "blkio.weight", "blkio.weight_device", "blkio.leaf_weight", "blkio.leaf_weight_device",
            "blkio.throttle.read_bps_device", "blkio.throttle.write_bps_device", "blkio.throttle.read_iops_device", "blkio.throttle.write_iops_device");
        _tree.Files("hugetlb/c", "hugetlb.2MB.limit_in_bytes");
        _tree.Files("net_cls/c", "net_cls.classid");
        _tree.Files("net_prio/c", "net_prio.ifpriomap");
        _tree.Files("rdma/c", "rdma.max");
        _tree.Files("devices/c", "devices.allow", "devices.deny");
    }

    public void Dispose() => _tree.Dispose();

    [Fact]
    public void CpuAndCpusetFilesAreWritten()
    {
        _manager.Set(new LinuxResources
        {
            Cpu = new LinuxCpu { Shares = 512, Quota = 50000, Period = 100000, Burst = 1000, RealtimePeriod = 1000000, RealtimeRuntime = 950000, Idle = 1, Cpus = "0-1", Mems = "0" },
        });
        Assert.Equal("512", _tree.Read("cpu,cpuacct/c/cpu.shares"));
        Assert.Equal("50000", _tree.Read("cpu,cpuacct/c/cpu.cfs_quota_us"));
        Assert.Equal("100000", _tree.Read("cpu,cpuacct/c/cpu.cfs_period_us"));
        Assert.Equal("1000", _tree.Read("cpu,cpuacct/c/cpu.cfs_burst_us"));
        Assert.Equal("1000000", _tree.Read("cpu,cpuacct/c/cpu.rt_period_us"));
        Assert.Equal("950000", _tree.Read("cpu,cpuacct/c/cpu.rt_runtime_us"));
        // cpu.idle is cgroup v2's: v1 leaves it alone, as runc does.
        Assert.Equal("", _tree.Read("cpu,cpuacct/c/cpu.idle"));
        Assert.Equal("0-1", _tree.Read("cpuset/c/cpuset.cpus"));
        Assert.Equal("0", _tree.Read("cpuset/c/cpuset.mems"));
    }

    [Fact]
    public void MemoryFilesAreWritten()
    {
        _manager.Set(new LinuxResources
        {
            Memory = new LinuxMemory { Limit = 100_000_000, Swap = 200_000_000, Reservation = 50_000_000, Kernel = 1_000_000, KernelTcp = 2_000_000, Swappiness = 10, DisableOomKiller = true, UseHierarchy = true },
        });
        Assert.Equal("100000000", _tree.Read("memory/c/memory.limit_in_bytes"));
        Assert.Equal("200000000", _tree.Read("memory/c/memory.memsw.limit_in_bytes"));
        Assert.Equal("50000000", _tree.Read("memory/c/memory.soft_limit_in_bytes"));
        // Kernel memory limits are ignored, as runc ignores them.
        Assert.Equal("", _tree.Read("memory/c/memory.kmem.limit_in_bytes"));
        Assert.Equal("", _tree.Read("memory/c/memory.kmem.tcp.limit_in_bytes"));
        Assert.Equal("10", _tree.Read("memory/c/memory.swappiness"));
        Assert.Equal("1", _tree.Read("memory/c/memory.oom_control"));
        Assert.Equal("1", _tree.Read("memory/c/memory.use_hierarchy"));
    }

    [Fact]
    public void UnlimitedMemoryMakesMemswUnlimitedToo()
    {
        _manager.Set(new LinuxResources { Memory = new LinuxMemory { Limit = -1 } });
        Assert.Equal("-1", _tree.Read("memory/c/memory.limit_in_bytes"));
        Assert.Equal("-1", _tree.Read("memory/c/memory.memsw.limit_in_bytes"));
    }

    [Fact]
    public void CheckBeforeUpdateRefusesALimitBelowUsage()
    {
        var e = Assert.Throws<CgroupException>(() => _manager.Set(new LinuxResources { Memory = new LinuxMemory { Limit = 4000, CheckBeforeUpdate = true } }));
        Assert.Contains("below the current usage 5000", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(100L, "100")]
    [InlineData(0L, "max")]
    [InlineData(-1L, "max")]
    public void PidsMaxIsWritten(long limit, string expected)
    {
        _manager.Set(new LinuxResources { Pids = new LinuxPids { Limit = limit } });
        Assert.Equal(expected, _tree.Read("pids/c/pids.max"));
    }

    [Fact]
    public void BlkioFilesAreWritten()
    {
        _manager.Set(new LinuxResources
        {
            BlockIO = new LinuxBlockIO
            {
                Weight = 300,
                LeafWeight = 200,
                WeightDevice = [new LinuxWeightDevice { Major = 8, Minor = 0, Weight = 400, LeafWeight = 100 }],
                ThrottleReadBpsDevice = [new LinuxThrottleDevice { Major = 8, Minor = 0, Rate = 1048576 }],
                ThrottleWriteBpsDevice = [new LinuxThrottleDevice { Major = 8, Minor = 0, Rate = 2048 }],
                ThrottleReadIOPSDevice = [new LinuxThrottleDevice { Major = 8, Minor = 16, Rate = 100 }],
                ThrottleWriteIOPSDevice = [new LinuxThrottleDevice { Major = 8, Minor = 16, Rate = 200 }],
            },
        });
        Assert.Equal("300", _tree.Read("blkio/c/blkio.weight"));
        Assert.Equal("200", _tree.Read("blkio/c/blkio.leaf_weight"));
        Assert.Equal("8:0 400", _tree.Read("blkio/c/blkio.weight_device"));
        Assert.Equal("8:0 100", _tree.Read("blkio/c/blkio.leaf_weight_device"));
        Assert.Equal("8:0 1048576", _tree.Read("blkio/c/blkio.throttle.read_bps_device"));
        Assert.Equal("8:0 2048", _tree.Read("blkio/c/blkio.throttle.write_bps_device"));
        Assert.Equal("8:16 100", _tree.Read("blkio/c/blkio.throttle.read_iops_device"));
        Assert.Equal("8:16 200", _tree.Read("blkio/c/blkio.throttle.write_iops_device"));
    }

    [Fact]
    public void BfqWeightIsUsedWhereCfqIsGone()
    {
        File.Delete(Path.Combine(_tree.Root, "blkio/c/blkio.weight"));
        _tree.Files("blkio/c", "blkio.bfq.weight");
        _manager.Set(new LinuxResources { BlockIO = new LinuxBlockIO { Weight = 300 } });
        Assert.Equal("300", _tree.Read("blkio/c/blkio.bfq.weight"));
    }

    [Fact]
    public void HugetlbNetworkAndRdmaFilesAreWritten()
    {
        _manager.Set(new LinuxResources
        {
            HugepageLimits = [new LinuxHugepageLimit { PageSize = "2MB", Limit = 4194304 }],
            Network = new LinuxNetwork { ClassId = 0x100001, Priorities = [new LinuxInterfacePriority { Name = "eth0", Priority = 5 }] },
            Rdma = new Dictionary<string, LinuxRdma> { ["mlx5_1"] = new LinuxRdma { HcaHandles = 3, HcaObjects = 10000 } },
        });
        Assert.Equal("4194304", _tree.Read("hugetlb/c/hugetlb.2MB.limit_in_bytes"));
        Assert.Equal("1048577", _tree.Read("net_cls/c/net_cls.classid"));
        Assert.Equal("eth0 5", _tree.Read("net_prio/c/net_prio.ifpriomap"));
        Assert.Equal("mlx5_1 hca_handle=3 hca_object=10000", _tree.Read("rdma/c/rdma.max"));
    }

    [Fact]
    public void DevicesStartFromDenyAll()
    {
        _manager.Set(new LinuxResources
        {
            Devices = [new LinuxDeviceCgroup { Allow = false, Access = "rwm" }, new LinuxDeviceCgroup { Allow = true, Type = "c", Major = 10, Minor = 229, Access = "rwm" }],
        });
        // The rules reduce to the kernel's state: deny everything, then allow the exceptions.
        Assert.Equal("a", _tree.Read("devices/c/devices.deny"));
        Assert.Equal("c 10:229 rwm", _tree.Read("devices/c/devices.allow"));
    }

    [Fact]
    public void UnsetValuesTouchNothingEvenWhereFilesAreMissing()
    {
        File.Delete(Path.Combine(_tree.Root, "cpu,cpuacct/c/cpu.rt_runtime_us"));
        _manager.Set(new LinuxResources { Cpu = new LinuxCpu { Shares = 100 }, Memory = new LinuxMemory() });
        Assert.Equal("100", _tree.Read("cpu,cpuacct/c/cpu.shares"));
    }

    [Fact]
    public void ARequestedValueTheKernelLacksIsAClearError()
    {
        File.Delete(Path.Combine(_tree.Root, "cpu,cpuacct/c/cpu.rt_runtime_us"));
        var e = Assert.Throws<CgroupException>(() => _manager.Set(new LinuxResources { Cpu = new LinuxCpu { RealtimeRuntime = 1000 } }));
        Assert.Contains("cpu.rt_runtime_us", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingHierarchyIsAClearError()
    {
        using var tree = new FakeCgroupTree().V1("cpu").V1("memory");
        var manager = new CgroupFactory(tree.Mountinfo, tree.ProcCgroup).ForContainer("/c", "c");
        var e = Assert.Throws<CgroupException>(() => manager.Set(new LinuxResources { HugepageLimits = [new LinuxHugepageLimit { PageSize = "2MB", Limit = 1 }] }));
        Assert.Equal("cannot set hugetlb limit: container could not join or create cgroup", e.Message);
        Assert.Throws<CgroupException>(() => manager.Set(new LinuxResources { Unified = new Dictionary<string, string> { ["memory.high"] = "1" } }));
    }

    [Fact]
    public void FreezeWaitsForFrozen()
    {
        _tree.Files("freezer/c", "freezer.state=THAWED");
        _manager.Freeze();
        Assert.True(_manager.IsFrozen());
        _manager.Thaw();
        Assert.False(_manager.IsFrozen());
    }

    [Fact]
    public void PidsIncludeSubCgroups()
    {
        _tree.Files("pids/c", "cgroup.procs=10\n11\n");
        _tree.Files("pids/c/sub", "cgroup.procs=12\n");
        Assert.Equal([10, 11, 12], _manager.Pids().Order());
    }
}
