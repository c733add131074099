using Hull.Spec;

namespace Hull.Tests.Unit.Spec;

public sealed class DefaultSpecTests
{
    [Fact]
    public void RootfulSpecMatchesRuncSpec()
    {
        var spec = DefaultSpec.Create(rootless: false);

        Assert.Equal("1.2.0", spec.OciVersion);
        Assert.Equal("hull", spec.Hostname);
        Assert.Equal(["pid", "network", "ipc", "uts", "mount"], spec.Linux!.Namespaces!.Select(n => n.Type));
        Assert.Null(spec.Linux.UidMappings);
        Assert.NotNull(spec.Linux.Resources);
    }

    [Fact]
    public void RootlessSpecFollowsRuncToRootless()
    {
        var spec = DefaultSpec.Create(rootless: false);

        DefaultSpec.MakeRootless(spec, hostUid: 1000, hostGid: 1001);

        var linux = spec.Linux!;
        Assert.Equal(["pid", "ipc", "uts", "mount", "user"], linux.Namespaces!.Select(n => n.Type));
        Assert.Equal((0U, 1000U, 1U), Single(linux.UidMappings));
        Assert.Equal((0U, 1001U, 1U), Single(linux.GidMappings));
        Assert.Null(linux.Resources);
        var sys = Assert.Single(spec.Mounts!, m => m.Destination == "/sys");
        Assert.Equal(("none", "/sys"), (sys.Type, sys.Source));
        Assert.Equal(["rbind", "nosuid", "noexec", "nodev", "ro"], sys.Options!);
        var pts = Assert.Single(spec.Mounts!, m => m.Destination == "/dev/pts");
        Assert.Equal(["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620"], pts.Options!);
        Assert.Equal(7, spec.Mounts!.Count);
    }

    [Fact]
    public void RootlessCreateMapsTheCurrentUser()
    {
        var (uid, gid) = CurrentIds.Effective();

        var spec = DefaultSpec.Create(rootless: true);

        Assert.Equal(uid, spec.Linux!.UidMappings![0].HostId);
        Assert.Equal(gid, spec.Linux.GidMappings![0].HostId);
        Assert.Equal(0U, spec.Linux.UidMappings[0].ContainerId);
    }

    [Fact]
    public void EachCallReturnsAnIndependentSpec()
    {
        var first = DefaultSpec.Create();
        first.Process!.Capabilities!.Bounding!.Add("CAP_SYS_ADMIN");

        var second = DefaultSpec.Create();

        Assert.Equal(3, second.Process!.Capabilities!.Bounding!.Count);
        Assert.Equal(3, second.Process.Capabilities.Effective!.Count);
    }

    private static (uint?, uint?, uint?) Single(List<LinuxIdMapping>? mappings)
    {
        var mapping = Assert.Single(mappings!);
        return (mapping.ContainerId, mapping.HostId, mapping.Size);
    }
}
