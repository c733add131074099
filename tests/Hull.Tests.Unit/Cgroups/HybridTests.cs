using Hull.Cgroups;
using Hull.Spec;

namespace Hull.Tests.Unit.Cgroups;

public sealed class HybridTests
{
    [Fact]
    public void HugetlbGoesToCgroup2AndTheRestToV1()
    {
        using var tree = new FakeCgroupTree().V1("memory").V1("pids").V1("devices").V2("hugetlb");
        var manager = new CgroupFactory(tree.Mountinfo, tree.ProcCgroup).ForContainer("/c", "c");
        tree.Files("memory/c", "memory.limit_in_bytes");
        tree.Files("pids/c", "pids.max");
        tree.Files("devices/c", "devices.allow", "devices.deny");
        tree.Files("unified/c", "hugetlb.2MB.max", "hugetlb.1GB.max");
        manager.Set(new LinuxResources
        {
            Memory = new LinuxMemory { Limit = 1 << 24 },
            Pids = new LinuxPids { Limit = 7 },
            HugepageLimits = [new LinuxHugepageLimit { PageSize = "2MB", Limit = 2097152 }],
            Devices = [new LinuxDeviceCgroup { Allow = false }],
        });
        Assert.Equal("16777216", tree.Read("memory/c/memory.limit_in_bytes"));
        Assert.Equal("7", tree.Read("pids/c/pids.max"));
        Assert.Equal("2097152", tree.Read("unified/c/hugetlb.2MB.max"));
        Assert.Equal("a", tree.Read("devices/c/devices.deny"));
        Assert.False(tree.Exists("unified/c/pids.max"));
    }

    [Fact]
    public void AControllerInBothStaysWithV1()
    {
        using var tree = new FakeCgroupTree().V1("pids").V2("pids hugetlb");
        var manager = new CgroupFactory(tree.Mountinfo, tree.ProcCgroup).ForContainer("/c", "c");
        Assert.Equal(["hugetlb"], manager.State.UnifiedControllers);
        tree.Files("pids/c", "pids.max");
        manager.Set(new LinuxResources { Pids = new LinuxPids { Limit = 3 } });
        Assert.Equal("3", tree.Read("pids/c/pids.max"));
    }

    [Fact]
    public void StatsTakeHugetlbFromCgroup2()
    {
        using var tree = new FakeCgroupTree().V1("memory").V2("hugetlb");
        var manager = new CgroupFactory(tree.Mountinfo, tree.ProcCgroup).ForContainer("/c", "c");
        tree.Files("memory/c", "memory.usage_in_bytes=100");
        tree.Files("unified/c", "hugetlb.2MB.max=max", "hugetlb.2MB.current=4194304", "hugetlb.2MB.events=max 2\n");
        var stats = manager.Stats();
        Assert.Equal(100UL, stats.Memory.Usage.Usage);
        Assert.Equal(4194304UL, stats.Hugetlb["2MB"].Usage);
        Assert.Equal(2UL, stats.Hugetlb["2MB"].Failcnt);
    }
}
