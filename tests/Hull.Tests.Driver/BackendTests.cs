using Hull.Driver;
using Hull.Spec;

namespace Hull.Tests.Driver;

/// <summary>What differs between backends, asserted as a user of each would check it.</summary>
public sealed class BackendTests(BusyboxRootfs rootfs) : IClassFixture<BusyboxRootfs>
{
    [Theory, MemberData(nameof(Backends.Each), MemberType = typeof(Backends))]
    public async Task UpdateChangesALimitOrSaysTheBackendCannot(string backend)
    {
        Backends.SkipWhereUnusable(backend);
        var host = rootfs.HostFor(backend);
        await using var container = host.Run(new ContainerRequest
        {
            Id = BusyboxRootfs.NewId(),
            Spec = rootfs.Spec("sleep", "100").MemoryLimit(64 << 20).Build(),
            Stdio = StdioMode.Null,
        });
        var larger = new LinuxResources { Memory = new LinuxMemory { Limit = 128 << 20 } };
        if (!host.Features.Update)
        {
            Assert.Throws<NotSupportedException>(() => container.Update(larger));
            return;
        }
        container.Update(larger);
        Assert.Equal(128UL << 20, container.Stats().MemoryLimit);
    }

    [Theory, MemberData(nameof(Backends.Each), MemberType = typeof(Backends))]
    public async Task TheDeviceRulesOfTheConfigHoldUnderEveryBackend(string backend)
    {
        Backends.SkipWhereUnusable(backend);
        Assert.SkipUnless(HostCgroups.HasV1, "the v1 devices controller lists the rules; cgroup v2 keeps them in a BPF program");
        var host = rootfs.HostFor(backend);
        Assert.SkipUnless(host.Features.HostProcesses, $"{backend}'s processes have no host cgroup of their own");
        await using var container = host.Run(new ContainerRequest { Id = BusyboxRootfs.NewId(), Spec = rootfs.Spec("sleep", "100").Build(), Stdio = StdioMode.Null });
        // The default config denies every device but the standard ones.
        string rules = File.ReadAllText(Path.Combine(HostCgroups.DirectoryOf(container.Processes()[0], "devices"), "devices.list"));
        Assert.DoesNotContain("a *:* rwm", rules, StringComparison.Ordinal);
        Assert.Contains("c 1:3 rwm", rules, StringComparison.Ordinal);
    }

    [Fact]
    public void AConfigLxcCannotExpressIsRefusedAndLeavesNothing()
    {
        Backends.SkipWhereUnusable("lxc");
        string id = BusyboxRootfs.NewId();
        var spec = rootfs.Spec("true").Configure(s => s.Linux!.Seccomp = new LinuxSeccomp { DefaultAction = "SCMP_ACT_ALLOW" }).Build();
        var refused = Assert.Throws<NotSupportedException>(() => rootfs.HostFor("lxc").Run(new ContainerRequest { Id = id, Spec = spec }));
        Assert.Contains("seccomp", refused.Message, StringComparison.Ordinal);
        HostLeftovers.AssertNone(id, "lxc");
    }

    [Fact]
    public async Task AnLxcContainerThatCouldNotBeFrozenIsStillDeletedWhole()
    {
        Backends.SkipWhereUnusable("lxc");
        var host = rootfs.HostFor("lxc");
        Assert.SkipWhen(host.Features.Pause, "LXC freezes containers here");
        string id = BusyboxRootfs.NewId();
        var container = host.Run(new ContainerRequest { Id = id, Spec = rootfs.Spec("sleep", "100").Build(), Stdio = StdioMode.Null });
        Assert.ThrowsAny<Exception>(container.Pause);
        await container.DisposeAsync();
        HostLeftovers.AssertNone(id, "lxc");
    }
}
