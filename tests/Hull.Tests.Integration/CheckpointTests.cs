namespace Hull.Tests.Integration;

/// <summary>
/// checkpoint and restore on the host: what is checked before CRIU is asked, and what a failure leaves (nothing of a
/// restore, the container itself of a checkpoint). A dump and restore that succeed need a kernel Debian's CRIU
/// supports: tests/vm/checkpoint.sh runs them in the vmtest guest, beside runc.
/// </summary>
public sealed class CheckpointTests
{
    [Fact]
    public void CheckpointChecksItsArgumentsAndTheContainerBeforeCriu()
    {
        using var bundle = new TestBundle("sleep", "30");
        Assert.Equal(0, bundle.Create().ExitCode);
        string images = Path.Combine(bundle.Dir, "images");
        var created = bundle.Hull("checkpoint", "--image-path", images, bundle.Id);
        Assert.NotEqual(0, created.ExitCode);
        Assert.Contains("Container cannot be checkpointed in created state", created.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, bundle.Hull("start", bundle.Id).ExitCode);
        var absolute = bundle.Hull("checkpoint", "--image-path", images, "--parent-path", "/tmp", bundle.Id);
        Assert.Contains("--parent-path must be relative", absolute.Stderr, StringComparison.Ordinal);
        var missing = bundle.Hull("checkpoint", "--image-path", images, "--parent-path", "../nothing", bundle.Id);
        Assert.Contains("invalid --parent-path: stat ", missing.Stderr, StringComparison.Ordinal);
        var badServer = bundle.Hull("checkpoint", "--image-path", images, "--page-server", "nowhere", bundle.Id);
        Assert.Contains("Use --page-server ADDRESS:PORT to specify page server", badServer.Stderr, StringComparison.Ordinal);
        var badMode = bundle.Hull("checkpoint", "--image-path", images, "--manage-cgroups-mode", "loose", bundle.Id);
        Assert.Contains("invalid manage-cgroups-mode value", badMode.Stderr, StringComparison.Ordinal);
        Assert.Equal("running", bundle.Status());
    }

    [Fact]
    public void FeaturesTellEnginesCheckpointIsThere()
    {
        var features = System.Text.Json.JsonDocument.Parse(HullProcess.Run("features").Stdout);
        Assert.Equal("true", features.RootElement.GetProperty("annotations").GetProperty("org.opencontainers.runc.checkpoint.enabled").GetString());
    }

    [Fact]
    public void ACheckpointCriuCannotCompleteLeavesTheContainerRunning()
    {
        using var bundle = new TestBundle("sleep", "30");
        Assert.Equal(0, bundle.Run("-d").ExitCode);
        string images = Path.Combine(bundle.Dir, "images");
        // Nothing listens on port 1: CRIU cannot send the memory anywhere, on any kernel.
        var result = bundle.Hull("checkpoint", "--image-path", images, "--page-server", "127.0.0.1:1", bundle.Id);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("criu failed: type DUMP", result.Stderr, StringComparison.Ordinal);
        Assert.Contains($"log file: {images}/dump.log", result.Stderr, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(images, "dump.log")));
        Assert.Equal("running", bundle.Status());
        Assert.Equal(0, bundle.Hull("exec", bundle.Id, "true").ExitCode);
    }

    [Theory]
    [InlineData("/nonexistent/criu", "CRIU version check failed: exec: \"/nonexistent/criu\": no such file or directory")]
    [InlineData("no-such-criu", "CRIU version check failed: exec: \"no-such-criu\": executable file not found in $PATH")]
    [InlineData("/bin/false", "CRIU version check failed: criu failed: exit status 1")]
    public void AMissingCriuIsNamedAndTheContainerKept(string criu, string message)
    {
        using var bundle = new TestBundle("sleep", "30");
        Assert.Equal(0, bundle.Run("-d").ExitCode);
        var checkpoint = bundle.Hull("--criu", criu, "checkpoint", "--image-path", Path.Combine(bundle.Dir, "images"), bundle.Id);
        Assert.NotEqual(0, checkpoint.ExitCode);
        // The log line quotes the message, escaping its quotes.
        Assert.Contains(message, checkpoint.Stderr.Replace("\\\"", "\"", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Equal("running", bundle.Status());
    }

    [Fact]
    public void ACriuTooOldIsRefusedWithTheVersionNeeded()
    {
        using var bundle = new TestBundle("sleep", "30");
        Assert.Equal(0, bundle.Run("-d").ExitCode);
        // A CRIU that answers VERSION with 2.9: criu_resp { type: VERSION, success: true, version { major: 2, minor: 9 } }.
        string criu = Path.Combine(bundle.Dir, "old-criu");
        File.WriteAllText(criu, "#!/bin/sh\nprintf '\\010\\012\\020\\001\\122\\004\\010\\002\\020\\011' >&3\nsleep 1\n");
        File.SetUnixFileMode(criu, (UnixFileMode)0b111_101_101);
        var result = bundle.Hull("--criu", criu, "checkpoint", "--image-path", Path.Combine(bundle.Dir, "images"), bundle.Id);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("CRIU version 20900 must be 30000 or higher", result.Stderr, StringComparison.Ordinal);
        Assert.Equal("running", bundle.Status());
    }

    [Fact]
    public void RestoreWithoutImagesFailsAndLeavesNothing()
    {
        using var bundle = new TestBundle("sleep", "30");
        bundle.Save();
        var result = bundle.Hull("restore", "-d", "--image-path", Path.Combine(bundle.Dir, "no-images"), "--bundle", bundle.Dir, bundle.Id);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("no-images", result.Stderr, StringComparison.Ordinal);
        HostState.AssertNothingLeft(bundle);
    }

    [Fact]
    public void AMonitoredRestoreWithoutImagesFailsAndLeavesNothing()
    {
        using var bundle = new TestBundle("sleep", "30");
        bundle.Save();
        string images = Path.Combine(bundle.Dir, "no-images");
        var foreground = bundle.Hull("restore", "--monitor", "--image-path", images, "--bundle", bundle.Dir, bundle.Id);
        Assert.Contains("--monitor needs --detach", foreground.Stderr, StringComparison.Ordinal);
        var result = bundle.Hull("restore", "-d", "--monitor", "--image-path", images, "--bundle", bundle.Dir, bundle.Id);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("no-images", result.Stderr, StringComparison.Ordinal);
        HostState.AssertNothingLeft(bundle);
    }

    [Fact]
    public void ARestoreCriuRefusesLeavesNoStateCgroupMountOrProcess()
    {
        using var bundle = new TestBundle("sleep", "30");
        bundle.Spec.Linux!.Resources = new Hull.Spec.LinuxResources { Pids = new Hull.Spec.LinuxPids { Limit = 20 } };
        bundle.Save();
        string images = Path.Combine(bundle.Dir, "images");
        Directory.CreateDirectory(images);
        File.WriteAllText(Path.Combine(images, "descriptors.json"), "[\"/dev/null\",\"/dev/null\",\"/dev/null\"]");
        File.WriteAllBytes(Path.Combine(images, "inventory.img"), [1, 2, 3, 4, 5, 6, 7, 8]);
        var result = bundle.Hull("restore", "-d", "--image-path", images, "--bundle", bundle.Dir, bundle.Id);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("criu failed: type RESTORE", result.Stderr, StringComparison.Ordinal);
        Assert.Contains($"log file: {images}/restore.log", result.Stderr, StringComparison.Ordinal);
        HostState.AssertNothingLeft(bundle);
        Assert.DoesNotContain("criu-root", File.ReadAllText("/proc/self/mountinfo"), StringComparison.Ordinal);
        Assert.NotEqual(0, bundle.Hull("state", bundle.Id).ExitCode);
        Assert.True(File.Exists(Path.Combine(bundle.Rootfs, "bin/busybox")), "the rootfs was emptied");
    }

    [Fact]
    public void ADeleteAfterARestoreKilledHalfwayLeavesTheRootfsWhole()
    {
        using var bundle = new TestBundle("sleep", "30");
        Assert.Equal(0, bundle.Create().ExitCode);
        // What a restore killed with its rootfs mounted for CRIU leaves in the state directory.
        string criuRoot = Path.Combine("/run/hull", bundle.Id, "criu-root");
        Directory.CreateDirectory(criuRoot);
        Assert.Equal(0, HullProcess.RunCommand("", ["mount", "--bind", bundle.Rootfs, criuRoot]).ExitCode);
        Assert.Equal(0, bundle.Hull("delete", "--force", bundle.Id).ExitCode);
        Assert.True(File.Exists(Path.Combine(bundle.Rootfs, "bin/busybox")), "the rootfs was emptied");
        HostState.AssertNothingLeft(bundle);
    }

    [Fact]
    public void RestoreRefusesAnIdInUseAndLeavesTheContainer()
    {
        using var bundle = new TestBundle("sleep", "30");
        Assert.Equal(0, bundle.Run("-d").ExitCode);
        string images = Path.Combine(bundle.Dir, "images");
        Directory.CreateDirectory(images);
        File.WriteAllText(Path.Combine(images, "descriptors.json"), "[]");
        var result = bundle.Hull("restore", "-d", "--image-path", images, "--bundle", bundle.Dir, bundle.Id);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("already exists", result.Stderr, StringComparison.Ordinal);
        Assert.Equal("running", bundle.Status());
    }
}
