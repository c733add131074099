using Hull.Spec;

namespace Hull.Tests.Integration;

/// <summary>Bundles that try to make Hull touch the host through symlinks in the rootfs.</summary>
public sealed class EscapeTests
{
    [Fact]
    public void AnAbsoluteSymlinkInAMountDestinationStaysInsideTheRootfs()
    {
        using var bundle = new TestBundle("sh", "-c", "grep -c ' /host-etc/mounted ' /proc/mounts");
        string hostTarget = Directory.CreateTempSubdirectory("hull-host-etc-").FullName;
        try
        {
            Directory.Delete(Path.Combine(bundle.Rootfs, "etc"), true);
            File.CreateSymbolicLink(Path.Combine(bundle.Rootfs, "etc"), hostTarget);
            bundle.Spec.Mounts!.Add(new Mount { Destination = "/etc/mounted", Type = "tmpfs", Source = "tmpfs" });
            var result = bundle.Run();
            Assert.Empty(Directory.GetFileSystemEntries(hostTarget));
            Assert.DoesNotContain(hostTarget, File.ReadAllText("/proc/self/mountinfo"), StringComparison.Ordinal);
            Assert.True(result.ExitCode is 0 or 1, result.ToString());
            HostState.AssertNothingLeft(bundle);
        }
        finally
        {
            Directory.Delete(hostTarget, true);
        }
    }

    [Fact]
    public void DotDotInAMountDestinationCannotClimbOutOfTheRootfs()
    {
        using var bundle = new TestBundle("true");
        string escape = $"hull-escape-{Guid.NewGuid():N}";
        bundle.Spec.Mounts!.Add(new Mount { Destination = $"/../../../../../../tmp/{escape}", Type = "tmpfs", Source = "tmpfs" });
        var result = bundle.Run();
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.False(Directory.Exists($"/tmp/{escape}"));
        Assert.True(Directory.Exists(Path.Combine(bundle.Rootfs, "tmp", escape)));
    }

    [Fact]
    public void ARelativeSymlinkClimbingOutIsResolvedInsideTheRootfs()
    {
        using var bundle = new TestBundle("true");
        string escape = $"hull-escape-{Guid.NewGuid():N}";
        File.CreateSymbolicLink(Path.Combine(bundle.Rootfs, "sneaky"), $"../../../../../../../tmp/{escape}");
        bundle.Spec.Mounts!.Add(new Mount { Destination = "/sneaky", Type = "tmpfs", Source = "tmpfs" });
        var result = bundle.Run();
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.False(Directory.Exists($"/tmp/{escape}"));
        HostState.AssertNothingLeft(bundle);
    }

    [Fact]
    public void ASymlinkedDeviceDirectoryCannotPlantNodesOnTheHost()
    {
        using var bundle = new TestBundle("true");
        string hostDir = Directory.CreateTempSubdirectory("hull-host-dev-").FullName;
        try
        {
            bundle.Spec.Mounts!.RemoveAll(m => m.Destination == "/dev");
            Directory.Delete(Path.Combine(bundle.Rootfs, "dev"), true);
            File.CreateSymbolicLink(Path.Combine(bundle.Rootfs, "dev"), hostDir);
            bundle.Run();
            Assert.Empty(Directory.GetFileSystemEntries(hostDir));
            HostState.AssertNothingLeft(bundle);
        }
        finally
        {
            Directory.Delete(hostDir, true);
        }
    }

    [Fact]
    public void TheHostBinaryIsNotTheContainersExe()
    {
        using var bundle = new TestBundle("sh", "-c", "readlink /proc/1/exe");
        var result = bundle.Run();
        Assert.Equal(0, result.ExitCode);
        Assert.DoesNotContain("hull", result.Stdout.Replace("/memfd:hull", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }
}
