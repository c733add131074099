using Hull.Driver;
using Hull.Runtime.Checkpoint;

namespace Hull.Tests.Driver;

/// <summary>
/// Checkpoint and restore through the library, where CRIU works with the kernel (the vmtest guest: Debian's CRIU
/// fails on newer kernels, and the test says so).
/// </summary>
public sealed class CheckpointTests(BusyboxRootfs rootfs) : IClassFixture<BusyboxRootfs>
{
    /// <summary>Whether CRIU is installed and takes this kernel (`criu check`).</summary>
    private static readonly Lazy<bool> CriuWorks = new(() =>
    {
        try
        {
            using var check = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("criu", ["check"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            check.WaitForExit();
            return check.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    });

    [Theory, MemberData(nameof(Backends.Each), MemberType = typeof(Backends))]
    public async Task AContainerCheckpointedIsRestoredWithItsMemoryOnNewPipes(string backend)
    {
        Backends.SkipWhereUnusable(backend);
        var host = rootfs.HostFor(backend);
        string id = BusyboxRootfs.NewId();
        if (!host.Features.Checkpoints)
        {
            var refused = Assert.Throws<NotSupportedException>(() => host.Restore(
                new ContainerRequest { Id = id, Spec = rootfs.Spec("true").Build(), Stdio = StdioMode.Null }, new RestoreOptions { ImagePath = "/nonexistent" }));
            Assert.Contains("checkpoint", refused.Message, StringComparison.Ordinal);
            HostLeftovers.AssertNone(id, backend);
            return;
        }
        Assert.SkipUnless(CriuWorks.Value, "CRIU does not work here (criu check fails): see tests/vm/checkpoint.sh");
        // What it has counted lives only in the shell's memory.
        var spec = rootfs.Spec("sh", "-c", "i=0; while read line; do i=$((i+1)); echo $i; done; echo end").Build();
        var container = host.Run(new ContainerRequest { Id = id, Spec = spec, Stdio = StdioMode.Pipes });
        await container.Io.Input!.WriteAsync("a\na\na\n"u8.ToArray(), Within.Test);
        await container.Io.Input.FlushAsync(Within.Test);
        await ContainerLifecycleTests.ExpectLineAsync(container.Io.Output!, "3");
        string images = Directory.CreateTempSubdirectory("hull-images-").FullName;
        try
        {
            await container.CheckpointAsync(new CheckpointOptions { ImagePath = images }, Within.Test);
            Assert.Equal(Hull.Linux.Syscall.SIGKILL, (await container.WaitAsync(Within.Test)).Signal);
            Assert.DoesNotContain(host.List(), c => c.Id == id);
            await container.DisposeAsync();

            await using var restored = host.Restore(new ContainerRequest { Id = id, Spec = spec, Stdio = StdioMode.Pipes }, new RestoreOptions { ImagePath = images });
            Assert.Equal("running", restored.State().Status);
            await restored.Io.Input!.WriteAsync("b\n"u8.ToArray(), Within.Test);
            await restored.Io.Input.FlushAsync(Within.Test);
            await ContainerLifecycleTests.ExpectLineAsync(restored.Io.Output!, "4");
            restored.Io.Input.Close();
            await ContainerLifecycleTests.ExpectLineAsync(restored.Io.Output!, "end");
            Assert.Equal(0, (await restored.WaitAsync(Within.Test)).ExitCode);
        }
        finally
        {
            Directory.Delete(images, recursive: true);
        }
        HostLeftovers.AssertNone(id, backend);
    }

    [Fact]
    public void ARestoreThatFailsLeavesNothing()
    {
        var host = rootfs.Host;
        string id = BusyboxRootfs.NewId();
        var spec = rootfs.Spec("sleep", "100").Build();
        var missing = Path.Combine(Path.GetTempPath(), $"no-images-{id}");
        var refused = Assert.Throws<Hull.Runtime.HullException>(() =>
            host.Restore(new ContainerRequest { Id = id, Spec = spec, Stdio = StdioMode.Null }, new RestoreOptions { ImagePath = missing }));
        Assert.Contains("no-images", refused.Message, StringComparison.Ordinal);
        HostLeftovers.AssertNone(id);
    }
}
