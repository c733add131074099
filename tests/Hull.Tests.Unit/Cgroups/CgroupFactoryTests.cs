using System.Text.Json;
using Hull.Cgroups;

namespace Hull.Tests.Unit.Cgroups;

public sealed class CgroupFactoryTests
{
    [Fact]
    public void AV1HostGetsAV1Manager()
    {
        using var tree = new FakeCgroupTree().AllV1();
        var factory = new CgroupFactory(tree.Mountinfo, tree.ProcCgroup);
        Assert.Equal(CgroupLayout.V1, factory.Layout);
        var manager = factory.ForContainer(null, "c1");
        Assert.IsType<V1CgroupManager>(manager);
        Assert.Equal(Path.Combine(tree.Root, "memory/c1"), manager.Paths["memory"]);
        Assert.Equal(Path.Combine(tree.Root, "cpu,cpuacct/c1"), manager.Paths["cpu,cpuacct"]);
    }

    [Fact]
    public void AHybridHostRoutesTheUnifiedOnlyControllersToCgroup2()
    {
        using var tree = new FakeCgroupTree().V1("cpu").V1("memory").V2("hugetlb memory");
        var factory = new CgroupFactory(tree.Mountinfo, tree.ProcCgroup);
        Assert.Equal(CgroupLayout.Hybrid, factory.Layout);
        var manager = factory.ForContainer("/a/b", "c1");
        Assert.IsType<HybridCgroupManager>(manager);
        Assert.Equal(["hugetlb"], manager.State.UnifiedControllers);
        Assert.Equal(Path.Combine(tree.Root, "unified/a/b"), manager.Paths[""]);
    }

    [Fact]
    public void RelativePathsHangBelowTheRuntimesOwnCgroup()
    {
        // v1: below the process's own cgroup in each hierarchy; v2: below its parent, as runc does.
        using var tree = new FakeCgroupTree().V1("memory", own: "/user/session").V1("pids", own: "/");
        var v1 = new CgroupFactory(tree.Mountinfo, tree.ProcCgroup).ForContainer("pods/c1", "c1");
        Assert.Equal(Path.Combine(tree.Root, "memory/user/session/pods/c1"), v1.Paths["memory"]);
        Assert.Equal(Path.Combine(tree.Root, "pids/pods/c1"), v1.Paths["pids"]);

        using var v2tree = new FakeCgroupTree().V2("cpu memory pids", own: "/system.slice/hull.service", name: "");
        var v2 = new CgroupFactory(v2tree.Mountinfo, v2tree.ProcCgroup).ForContainer("pods/c1", "c1");
        Assert.Equal(Path.Combine(v2tree.Root, "system.slice/pods/c1"), v2.Paths[""]);
    }

    [Fact]
    public void TheDefaultIsTheIdBesideTheRuntimesOwnCgroup()
    {
        using var tree = new FakeCgroupTree().V2("cpu memory", own: "/user.slice/x.scope", name: "");
        var manager = new CgroupFactory(tree.Mountinfo, tree.ProcCgroup).ForContainer(null, "web");
        Assert.IsType<V2CgroupManager>(manager);
        Assert.Equal(Path.Combine(tree.Root, "user.slice/web"), manager.Paths[""]);
    }

    [Fact]
    public void ProcCgroupKeysMatchMountKeys()
    {
        var own = CgroupPaths.ParseProcCgroup("12:cpuacct,cpu:/a\n1:name=systemd:/b\n0::/c\n");
        Assert.Equal("/a", own["cpu,cpuacct"]);
        Assert.Equal("/b", own["name=systemd"]);
        Assert.Equal("/c", own[""]);
    }

    [Theory]
    [InlineData("v1")]
    [InlineData("v2")]
    [InlineData("hybrid")]
    public void AManagerIsRecreatedFromItsStoredState(string layout)
    {
        using var tree = layout switch
        {
            "v1" => new FakeCgroupTree().AllV1(),
            "v2" => new FakeCgroupTree().V2("cpu memory", name: ""),
            _ => new FakeCgroupTree().AllV1().V2("hugetlb"),
        };
        var manager = new CgroupFactory(tree.Mountinfo, tree.ProcCgroup).ForContainer("/x", "x");
        string json = JsonSerializer.Serialize(manager.State, CgroupJsonContext.Default.CgroupState);
        var again = CgroupFactory.FromState(JsonSerializer.Deserialize(json, CgroupJsonContext.Default.CgroupState)!);
        Assert.Equal(manager.GetType(), again.GetType());
        Assert.Equal(manager.Paths.OrderBy(p => p.Key), again.Paths.OrderBy(p => p.Key));
        Assert.Equal(layout, again.State.Layout);
    }
}
