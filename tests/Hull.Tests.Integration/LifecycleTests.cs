namespace Hull.Tests.Integration;

public sealed class LifecycleTests
{
    [Fact]
    public void RunPrintsTheContainersOutputAndReturnsItsExitCode()
    {
        using var bundle = new TestBundle("sh", "-c", "echo hello from inside; exit 3");
        var result = bundle.Run();
        Assert.Equal(3, result.ExitCode);
        Assert.Equal("hello from inside\n", result.Stdout);
        HostState.AssertNothingLeft(bundle);
    }

    [Fact]
    public void ACreatedInitHoldsNothingOfItsCaller()
    {
        // A caller waiting for end-of-file on a pipe it gave hull (a monitor's reply, say) would otherwise wait until start.
        using var bundle = new TestBundle("sleep", "100");
        string marker = Path.Combine(bundle.Dir, "caller-fd");
        var created = HullProcess.RunShell($"exec 7>{marker};", "create", "--bundle", bundle.Save().Dir, bundle.Id);
        Assert.True(created.ExitCode == 0, created.ToString());
        var held = Directory.GetFiles($"/proc/{bundle.Pid()}/fd").Select(fd => new FileInfo(fd).LinkTarget).ToList();
        Assert.DoesNotContain(marker, held);
        Assert.Equal(0, bundle.Hull("delete", "--force", bundle.Id).ExitCode);
    }

    [Fact]
    public void ASignalDeathReturns128PlusTheSignal()
    {
        // Without a pid namespace the shell is not an init, which the kernel would shield from its own SIGKILL.
        using var bundle = new TestBundle("sh", "-c", "kill -9 $$");
        bundle.Spec.Linux!.Namespaces!.RemoveAll(n => n.Type == "pid");
        Assert.Equal(137, bundle.Run().ExitCode);
        HostState.AssertNothingLeft(bundle);
    }

    [Fact]
    public void CreateStartKillDeleteGoThroughTheOciStates()
    {
        using var bundle = new TestBundle("sleep", "60");
        var created = bundle.Create();
        Assert.True(created.ExitCode == 0, created.ToString());
        Assert.Equal("created", bundle.Status());
        int pid = bundle.Pid();
        Assert.Equal("hull:[init]\n", File.ReadAllText($"/proc/{pid}/comm"));

        Assert.Equal(0, bundle.Hull("start", bundle.Id).ExitCode);
        Assert.Equal("running", bundle.Status());
        Assert.Contains("sleep", File.ReadAllText($"/proc/{pid}/cmdline"), StringComparison.Ordinal);

        var again = bundle.Hull("start", bundle.Id);
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("already running", again.Stderr, StringComparison.Ordinal);

        Assert.Equal(0, bundle.Hull("kill", bundle.Id, "KILL").ExitCode);
        bundle.WaitForStatus("stopped");
        var killStopped = bundle.Hull("kill", bundle.Id, "KILL");
        Assert.Equal(1, killStopped.ExitCode);
        Assert.Contains("container not running", killStopped.Stderr, StringComparison.Ordinal);

        Assert.Equal(0, bundle.Hull("delete", bundle.Id).ExitCode);
        var state = bundle.Hull("state", bundle.Id);
        Assert.Equal(1, state.ExitCode);
        Assert.Contains("does not exist", state.Stderr, StringComparison.Ordinal);
        HostState.AssertNothingLeft(bundle);
    }

    [Theory]
    [InlineData("KILL")]
    [InlineData("SIGKILL")]
    [InlineData("9")]
    [InlineData("kill")]
    public void KillTakesSignalNamesAndNumbers(string signal)
    {
        using var bundle = new TestBundle("sleep", "60");
        Assert.Equal(0, bundle.Run("--detach").ExitCode);
        Assert.Equal("running", bundle.Status());
        var result = bundle.Hull("kill", bundle.Id, signal);
        Assert.True(result.ExitCode == 0, result.ToString());
        bundle.WaitForStatus("stopped");
    }

    [Fact]
    public void KillAllSignalsEveryProcessOfTheContainer()
    {
        using var bundle = new TestBundle("sh", "-c", "sleep 60 & sleep 60 & wait");
        Assert.Equal(0, bundle.Run("--detach").ExitCode);
        Assert.Equal(0, bundle.Hull("kill", "--all", bundle.Id, "KILL").ExitCode);
        bundle.WaitForStatus("stopped");
    }

    [Fact]
    public void DeletingARunningContainerNeedsForceAndThenLeavesNothing()
    {
        using var bundle = new TestBundle("sleep", "60");
        Assert.Equal(0, bundle.Run("-d").ExitCode);
        int pid = bundle.Pid();
        var refused = bundle.Hull("delete", bundle.Id);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("not stopped", refused.Stderr, StringComparison.Ordinal);

        Assert.Equal(0, bundle.Hull("delete", "--force", bundle.Id).ExitCode);
        Assert.False(File.Exists($"/proc/{pid}/cmdline") && File.ReadAllText($"/proc/{pid}/cmdline").Contains("sleep", StringComparison.Ordinal));
        HostState.AssertNothingLeft(bundle);
    }

    [Fact]
    public void ACreatedContainerCanBeDeletedWithoutForce()
    {
        using var bundle = new TestBundle("true");
        Assert.Equal(0, bundle.Create().ExitCode);
        Assert.Equal(0, bundle.Hull("delete", bundle.Id).ExitCode);
        HostState.AssertNothingLeft(bundle);
    }

    [Fact]
    public void StateReportsStoppedWhenTheInitDiesBehindHullsBack()
    {
        using var bundle = new TestBundle("sleep", "60");
        Assert.Equal(0, bundle.Run("-d").ExitCode);
        System.Diagnostics.Process.GetProcessById(bundle.Pid()).Kill();
        bundle.WaitForStatus("stopped");
        using var doc = System.Text.Json.JsonDocument.Parse(bundle.Hull("state", bundle.Id).Stdout);
        Assert.Equal(0, doc.RootElement.GetProperty("pid").GetInt32());
    }

    [Fact]
    public void ADuplicateIdIsRefusedAndTheFirstContainerIsUntouched()
    {
        using var bundle = new TestBundle("sleep", "60");
        Assert.Equal(0, bundle.Create().ExitCode);
        var second = bundle.Create();
        Assert.Equal(1, second.ExitCode);
        Assert.Contains("exists", second.Stderr, StringComparison.Ordinal);
        Assert.Equal("created", bundle.Status());
    }

    [Fact]
    public void AMalformedConfigIsAClearErrorAndLeavesNothing()
    {
        using var bundle = new TestBundle();
        File.WriteAllText(Path.Combine(bundle.Dir, "config.json"), "{\"ociVersion\": \"1.2.0\", \"process\": ");
        var result = HullProcess.Run("create", "--bundle", bundle.Dir, bundle.Id);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("config.json", result.Stderr, StringComparison.Ordinal);
        HostState.AssertNothingLeft(bundle);
    }

    [Fact]
    public void AProgramTheKernelCannotExecFailsRunWithItsErrorAndLeavesNothing()
    {
        using var bundle = new TestBundle("/not-a-program");
        string program = Path.Combine(bundle.Rootfs, "not-a-program");
        File.WriteAllText(program, "neither ELF nor a script\n");
        File.SetUnixFileMode(program, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        var result = bundle.Run();
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("exec /not-a-program: exec format error", result.Stderr, StringComparison.Ordinal);
        HostState.AssertNothingLeft(bundle);
    }

    [Fact]
    public void AMissingExecutableFailsCreateAndLeavesNothing()
    {
        using var bundle = new TestBundle("/no/such/program");
        var result = bundle.Create();
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("no such file or directory", result.Stderr, StringComparison.Ordinal);
        HostState.AssertNothingLeft(bundle);

        using var notOnPath = new TestBundle("no-such-program");
        var onPath = notOnPath.Create();
        Assert.Equal(1, onPath.ExitCode);
        Assert.Contains("executable file not found in $PATH", onPath.Stderr, StringComparison.Ordinal);
        HostState.AssertNothingLeft(notOnPath);
    }

    [Fact]
    public void PidFileHoldsTheInitPid()
    {
        using var bundle = new TestBundle("sleep", "60");
        string pidFile = Path.Combine(bundle.Dir, "init.pid");
        Assert.Equal(0, bundle.Create("--pid-file", pidFile).ExitCode);
        Assert.Equal(bundle.Pid().ToString(), File.ReadAllText(pidFile));
    }

    [Fact]
    public void ListShowsContainersInTableAndJson()
    {
        using var bundle = new TestBundle("sleep", "60");
        Assert.Equal(0, bundle.Create().ExitCode);
        var table = bundle.Hull("list");
        Assert.Contains(bundle.Id, table.Stdout, StringComparison.Ordinal);
        Assert.Contains("created", table.Stdout, StringComparison.Ordinal);
        Assert.Contains(bundle.Id, bundle.Hull("list", "-q").Stdout.Split('\n'));
        using var doc = System.Text.Json.JsonDocument.Parse(bundle.Hull("list", "--format", "json").Stdout);
        Assert.Contains(doc.RootElement.EnumerateArray(), c => c.GetProperty("id").GetString() == bundle.Id);
    }

    [Fact]
    public void RunWithoutPivotRootWorks()
    {
        using var bundle = new TestBundle("cat", "/etc/group");
        var result = bundle.Run("--no-pivot");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("nogroup", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void PreservedDescriptorsReachTheContainer()
    {
        using var bundle = new TestBundle("sh", "-c", "cat <&3");
        string file = Path.Combine(bundle.Dir, "passed");
        File.WriteAllText(file, "through fd 3\n");
        bundle.Save();
        var result = HullProcess.RunShell($"exec 3<{file};", "run", "--preserve-fds", "1", "--bundle", bundle.Dir, bundle.Id);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("through fd 3\n", result.Stdout);
    }

    [Fact]
    public void NoHostDescriptorLeaksIntoTheContainer()
    {
        using var bundle = new TestBundle("ls", "/proc/self/fd");
        string file = Path.Combine(bundle.Dir, "secret");
        File.WriteAllText(file, "x");
        bundle.Save();
        var result = HullProcess.RunShell($"exec 5<{file};", "run", "--bundle", bundle.Dir, bundle.Id);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["0", "1", "2", "3"], result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order());
    }

    [Fact]
    public void SocketActivationDescriptorsArePassedOnWithTheirCount()
    {
        using var bundle = new TestBundle("sh", "-c", "echo $LISTEN_FDS $LISTEN_PID; cat <&3; cat <&4");
        string first = Path.Combine(bundle.Dir, "first"), second = Path.Combine(bundle.Dir, "second");
        File.WriteAllText(first, "activation socket\n");
        File.WriteAllText(second, "preserved fd\n");
        bundle.Save();
        // `exec` keeps the shell's pid, so LISTEN_PID=$$ names hull, as systemd would.
        var result = HullProcess.RunShell($"exec 3<{first} 4<{second}; export LISTEN_FDS=1 LISTEN_PID=$$;",
            "run", "--preserve-fds", "1", "--bundle", bundle.Dir, bundle.Id);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("1 1\nactivation socket\npreserved fd\n", result.Stdout);
    }

    [Fact]
    public void ForcedDeleteOfAMissingContainerSucceedsAndClearsAnAbandonedCreate()
    {
        string id = $"gone{Guid.NewGuid():N}"[..16];
        var plain = HullProcess.Run("delete", id);
        Assert.Equal(1, plain.ExitCode);
        Assert.Contains("does not exist", plain.Stderr, StringComparison.Ordinal);
        Directory.CreateDirectory(Path.Combine("/run/hull", id));
        Assert.Equal(0, HullProcess.Run("delete", "--force", id).ExitCode);
        Assert.False(Directory.Exists(Path.Combine("/run/hull", id)));
    }
}
