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
    public void AWorkingDirectoryThroughARuntimeDescriptorCannotReachTheHost()
    {
        // CVE-2024-21626: runc leaked a host directory descriptor that cwd=/proc/self/fd/N could enter.
        string marker = $"hull-host-secret-{Guid.NewGuid():N}";
        File.WriteAllText($"/tmp/{marker}", "host secret");
        try
        {
            for (int fd = 3; fd < 16; fd++)
            {
                using var bundle = new TestBundle("sh", "-c", $"cat ../../../tmp/{marker} ../../../../tmp/{marker} ../../../../../tmp/{marker} 2>/dev/null; pwd");
                bundle.Spec.Process!.Cwd = $"/proc/self/fd/{fd}";
                var result = bundle.Run();
                Assert.DoesNotContain("host secret", result.Stdout, StringComparison.Ordinal);
                HostState.AssertNothingLeft(bundle);
            }
        }
        finally
        {
            File.Delete($"/tmp/{marker}");
        }
    }

    [Fact]
    public void TheInitsExecutableCannotBeWrittenEvenOnceItHasExited()
    {
        // CVE-2019-5736: a container that can open the runtime's /proc/PID/exe for writing replaces the host
        // binary. The attack keeps a handle while the runtime runs (ETXTBSY) and reopens it for writing after.
        using var bundle = new TestBundle("true");
        Assert.Equal(0, bundle.Create().ExitCode);
        int init = bundle.Pid();
        Assert.NotEqual(HullProcess.Binary, new FileInfo($"/proc/{init}/exe").LinkTarget);
        byte[] before = File.ReadAllBytes(HullProcess.Binary);
        using (var handle = Hull.Linux.Syscall.Open($"/proc/{init}/exe", Hull.Linux.Syscall.O_PATH | Hull.Linux.Syscall.O_CLOEXEC))
        {
            Assert.Equal(0, bundle.Hull("delete", "--force", bundle.Id).ExitCode);
            var error = Assert.ThrowsAny<Exception>(() => File.OpenWrite($"/proc/self/fd/{handle.DangerousGetHandle()}").Dispose());
            Assert.True(error is IOException or UnauthorizedAccessException, error.ToString());
        }
        Assert.Equal(before, File.ReadAllBytes(HullProcess.Binary));
    }

    [Fact]
    public void AnExecedProcessIsNotTheHostBinaryEither()
    {
        using var bundle = new TestBundle("sleep", "600");
        Assert.Equal(0, bundle.Run("-d").ExitCode);
        // While an exec bootstraps, its process is visible inside the container; it must not be the host's hull.
        var result = bundle.Hull("exec", bundle.Id, "sh", "-c", "readlink /proc/$PPID/exe 2>/dev/null; readlink /proc/self/exe");
        Assert.DoesNotContain(HullProcess.Binary, result.Stdout, StringComparison.Ordinal);
    }
}
