using Hull.Cgroups;

namespace Hull.Tests.Unit.Cgroups;

public sealed class CgroupMountTests
{
    private const string HybridMountinfo = """
        31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755
        32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu
        35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
        38 31 0:35 / /sys/fs/cgroup/cpu,cpuacct rw,relatime - cgroup cgroup rw,cpu,cpuacct,clone_children
        40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,xattr,name=systemd
        41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw,nsdelegate
        50 23 0:40 / /my\040dir rw - ext4 /dev/vda rw
        """;

    private static IReadOnlyList<CgroupMount> Parse(string text)
    {
        string path = Path.GetTempFileName();
        File.WriteAllText(path, text);
        try
        {
            return CgroupMount.Read(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void HierarchiesAreReadWithTheirControllers()
    {
        var mounts = Parse(HybridMountinfo);
        Assert.Equal(["cpu", "memory", "cpu,cpuacct", "name=systemd", ""], mounts.Select(m => m.Key));
        Assert.Equal("/sys/fs/cgroup/unified", mounts.Single(m => m.Unified).MountPoint);
        Assert.All(mounts, m => Assert.Equal("/", m.Root));
    }

    [Fact]
    public void TheLayoutIsDetected()
    {
        Assert.Equal(CgroupLayout.Hybrid, CgroupLayoutDetector.Detect(Parse(HybridMountinfo)));
        Assert.Equal(CgroupLayout.V2, CgroupLayoutDetector.Detect(Parse("30 23 0:26 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n")));
        Assert.Equal(CgroupLayout.V1, CgroupLayoutDetector.Detect(Parse("32 31 0:29 / /sys/fs/cgroup/cpu rw - cgroup cgroup rw,cpu\n")));
    }

    [Fact]
    public void AContainerGetsADirectoryInEveryHierarchy()
    {
        var paths = CgroupPaths.Resolve(Parse(HybridMountinfo), null, "web", new Dictionary<string, string>());
        Assert.Equal("/sys/fs/cgroup/memory/web", paths["memory"]);
        Assert.Equal("/sys/fs/cgroup/unified/web", paths[""]);
        var explicitPath = CgroupPaths.Resolve(Parse(HybridMountinfo), "/pods/web", "web", new Dictionary<string, string>());
        Assert.Equal("/sys/fs/cgroup/cpu/pods/web", explicitPath["cpu"]);
    }

    [Fact]
    public void ACgroupsPathCannotClimbOut()
    {
        var paths = CgroupPaths.Resolve(Parse(HybridMountinfo), "/../../etc", "x", new Dictionary<string, string>());
        Assert.Equal("/sys/fs/cgroup/cpu/etc", paths["cpu"]);
        Assert.Equal("x", CgroupPaths.Clean("../x"));
        Assert.Equal("x", CgroupPaths.Clean("a/../../x"));
    }
}
