using Hull.Spec;

namespace Hull.Tests.Integration;

/// <summary>
/// The attacks and failures runc and crun closed long ago, performed for real: a container that attacks what joins it,
/// devices it was listed but not granted, proc and sysfs through symlinks, proc in a user namespace under --no-pivot,
/// and limits, filters and capabilities that must bind only the container's own process.
/// </summary>
public sealed class HardeningTests
{
    [Fact]
    public void AJoiningExecChildCannotBeTracedNorItsDescriptorsOpenedFromTheContainer()
    {
        using var bundle = new TestBundle("sh", "-c", "/probe 5 > /probe.out");
        CompileStatic("joiner-probe.c", Path.Combine(bundle.Rootfs, "probe"));
        Assert.Equal(0, bundle.Run("--detach").ExitCode);
        try
        {
            for (int i = 0; i < 40; i++)
                Assert.Equal(0, bundle.Hull("exec", bundle.Id, "true").ExitCode);
            BackgroundHull.WaitUntil(() => bundle.Status() == "stopped", "the probe to finish");
        }
        finally
        {
            Assert.Equal(0, bundle.Hull("delete", "--force", bundle.Id).ExitCode);
        }
        string[] report = File.ReadAllLines(Path.Combine(bundle.Rootfs, "probe.out"));
        // The probe must have met the children, or it proved nothing.
        var seen = report.Single(line => line.StartsWith("seen ", StringComparison.Ordinal));
        Assert.True(int.Parse(seen[5..]) > 0, "the probe never saw a joining child");
        Assert.Equal([seen], report);
        HostState.AssertNothingLeft(bundle);
    }

    [Fact]
    public void ADeviceTheConfigListsButDoesNotAllowStaysClosed()
    {
        using var bundle = new TestBundle("sh", "-c",
            "echo x 2>/dev/null > /dev/kmsg && echo kmsg-written || echo kmsg-denied; "
            + "dd if=/dev/ro-full of=/dev/null bs=1 count=1 2>/dev/null && echo full-read; "
            + "echo x 2>/dev/null > /dev/ro-full && echo full-written || echo full-denied");
        bundle.Spec.Linux!.Devices = [
            new LinuxDevice { Path = "/dev/kmsg", Type = "c", Major = 1, Minor = 11 },
            new LinuxDevice { Path = "/dev/ro-full", Type = "c", Major = 1, Minor = 7 },
        ];
        // Everything the defaults allow, but /dev/full (1:7) read-only, as `--device /dev/full:/dev/ro-full:r` asks.
        bundle.Spec.Linux.Resources = new LinuxResources
        {
            Devices = [new LinuxDeviceCgroup { Allow = false, Access = "rwm" }, new LinuxDeviceCgroup { Allow = true, Type = "c", Major = 1, Minor = 7, Access = "r" }],
        };
        var result = bundle.Run();
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("kmsg-denied\nfull-read\nfull-denied\n", result.Stdout);
        HostState.AssertNothingLeft(bundle);
    }

    [Theory]
    [InlineData("proc", "proc")]
    [InlineData("sys", "sysfs")]
    public void ProcAndSysfsAreNotMountedThroughASymlink(string directory, string type)
    {
        using var bundle = new TestBundle("true");
        string link = Path.Combine(bundle.Rootfs, directory);
        Directory.Delete(link);
        File.CreateSymbolicLink(link, "/elsewhere");
        var result = bundle.Run();
        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"filesystem \\\"{type}\\\" must be mounted on ordinary directory", result.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(bundle.Rootfs, "elsewhere")), "the symlink's target was made");
        HostState.AssertNothingLeft(bundle);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AUserNamespaceInsideTheContainerCannotMountAFreshProc(bool noPivot)
    {
        using var bundle = new TestBundle("sh", "-c", "unshare -Urmp -f --mount-proc true 2>/dev/null && echo mounted || echo refused");
        var result = noPivot ? bundle.Run("--no-pivot") : bundle.Run();
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("refused\n", result.Stdout);
        HostState.AssertNothingLeft(bundle);
    }

    [Fact]
    public void ADeviceNodeOfNullAnywhereIsNotGivenToTheContainersUser()
    {
        using var bundle = new TestBundle("true");
        bundle.Spec.Process!.User = new User { Uid = 1000, Gid = 1000 };
        string node = Path.Combine(bundle.Dir, "other-null");
        Assert.Equal(0, HullProcess.RunCommand("", ["mknod", "-m", "666", node, "c", "1", "3"]).ExitCode);
        var result = HullProcess.RunShell($"exec 1>{node};", "run", "--bundle", bundle.Save().Dir, bundle.Id);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("0", HostState.OwnerOf(node));
        HostState.AssertNothingLeft(bundle);
    }

    [Fact]
    public void AnAddressSpaceLimitAndAFilterBindOnlyTheContainersProcess()
    {
        // The limits of runtime-tools' process_rlimits, with a filter: the runtime's own code runs under neither.
        using var bundle = new TestBundle("sh", "-c", "(ulimit -v; mkdir /tmp/x 2>/dev/null || echo filtered) > /out");
        bundle.Spec.Process!.Rlimits = [new PosixRlimit { Type = "RLIMIT_AS", Soft = 256 << 20, Hard = 256 << 20 }];
        bundle.Spec.Linux!.Seccomp = new LinuxSeccomp
        {
            DefaultAction = "SCMP_ACT_ALLOW",
            Syscalls = [new LinuxSyscall { Names = ["mkdir", "mkdirat"], Action = "SCMP_ACT_ERRNO" }],
        };
        Assert.Equal(0, bundle.Create().ExitCode);
        try
        {
            var start = bundle.Hull("start", bundle.Id);
            Assert.True(start.ExitCode == 0, start.ToString());
            BackgroundHull.WaitUntil(() => bundle.Status() == "stopped", "the container to finish");
        }
        finally
        {
            Assert.Equal(0, bundle.Hull("delete", "--force", bundle.Id).ExitCode);
        }
        Assert.Equal("262144\nfiltered\n", File.ReadAllText(Path.Combine(bundle.Rootfs, "out")));
        HostState.AssertNothingLeft(bundle);
    }

    [Fact]
    public void ACapabilityTheHostCannotGrantFailsCreateNotTheContainerLater()
    {
        // This machine's runtimes lack CAP_SYS_RESOURCE, so no container can be given it.
        Assert.DoesNotContain("CAP_SYS_RESOURCE", HostCapabilities());
        using var bundle = new TestBundle("true");
        var caps = bundle.Spec.Process!.Capabilities!;
        caps.Bounding = [.. caps.Bounding ?? [], "CAP_SYS_RESOURCE"];
        caps.Effective = [.. caps.Effective ?? [], "CAP_SYS_RESOURCE"];
        caps.Permitted = [.. caps.Permitted ?? [], "CAP_SYS_RESOURCE"];
        var created = bundle.Create();
        Assert.Equal(1, created.ExitCode);
        Assert.Contains("unable to start container process: unable to apply caps: operation not permitted", created.Stderr, StringComparison.Ordinal);
        HostState.AssertNothingLeft(bundle);
    }

    private static List<string> HostCapabilities()
    {
        string line = File.ReadAllLines("/proc/self/status").Single(l => l.StartsWith("CapBnd:", StringComparison.Ordinal));
        ulong mask = Convert.ToUInt64(line["CapBnd:".Length..].Trim(), 16);
        return [.. CapabilityNames.All.Where((_, bit) => (mask & (1UL << bit)) != 0)];
    }

    private static void CompileStatic(string source, string output)
    {
        var result = HullProcess.RunCommand("", ["cc", "-static", "-O2", "-o", output, Path.Combine(AppContext.BaseDirectory, "Probes", source)]);
        Assert.True(result.ExitCode == 0, result.ToString());
    }
}
