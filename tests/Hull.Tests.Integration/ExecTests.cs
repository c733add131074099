using Hull.Spec;

namespace Hull.Tests.Integration;

public sealed class ExecTests
{
    private static TestBundle Running()
    {
        var bundle = new TestBundle("sleep", "600");
        var result = bundle.Run("--detach");
        Assert.True(result.ExitCode == 0, result.ToString());
        return bundle;
    }

    [Fact]
    public void ExecReturnsTheProcessesExitCodeAndOutput()
    {
        using var bundle = Running();
        var result = bundle.Hull("exec", bundle.Id, "sh", "-c", "echo from exec; exit 5");
        Assert.Equal(5, result.ExitCode);
        Assert.Equal("from exec\n", result.Stdout);
        Assert.Equal(137, bundle.Hull("exec", bundle.Id, "sh", "-c", "kill -9 $$").ExitCode);
    }

    [Fact]
    public void ExecFlagsSetEnvironmentDirectoryAndUser()
    {
        using var bundle = Running();
        var result = bundle.Hull("exec", "--env", "GREETING=hello", "-e", "OTHER=x", "--cwd", "/tmp", "--user", "1000:1001",
            "--additional-gids", "5", bundle.Id, "sh", "-c", "echo $GREETING $OTHER; pwd; id -u; id -g; id -G");
        Assert.Equal("hello x\n/tmp\n1000\n1001\n1001 5\n", result.Stdout);
    }

    [Fact]
    public void ExecJoinsTheInitsNamespacesAndCgroup()
    {
        using var bundle = new TestBundle("sleep", "60");
        bundle.Spec.Linux!.Namespaces!.Add(new LinuxNamespace { Type = "cgroup" });
        Assert.Equal(0, bundle.Run("--detach").ExitCode);
        int init = bundle.Pid();
        var result = bundle.Hull("exec", bundle.Id, "sh", "-c", "for ns in pid net ipc uts mnt cgroup; do readlink /proc/self/ns/$ns; done; cat /proc/self/cgroup");
        string[] lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        string[] names = ["pid", "net", "ipc", "uts", "mnt", "cgroup"];
        for (int i = 0; i < names.Length; i++)
            Assert.Equal(new FileInfo($"/proc/{init}/ns/{names[i]}").LinkTarget, lines[i]);
        // Inside the init's cgroup namespace, the exec'd process sits at its root in every hierarchy.
        Assert.All(lines[names.Length..], line => Assert.EndsWith(":/", line, StringComparison.Ordinal));
        string hostView = File.ReadAllText($"/proc/{init}/cgroup");
        Assert.Contains($"pids:/{bundle.Id}", hostView, StringComparison.Ordinal);
        Assert.NotEmpty(File.ReadAllLines(Path.Combine(HostCgroups.DirectoryOf(bundle.Pid(), "pids"), "cgroup.procs")));
    }

    [Fact]
    public void CapFlagsAddCapabilities()
    {
        using var bundle = Running();
        var result = bundle.Hull("exec", "--cap", "CAP_SYS_ADMIN", bundle.Id, "grep", "CapEff", "/proc/self/status");
        // CAP_SYS_ADMIN (21) on top of the default CAP_KILL, CAP_NET_BIND_SERVICE and CAP_AUDIT_WRITE.
        Assert.Equal("CapEff:\t0000000020200420\n", result.Stdout);
        var noNewPrivs = bundle.Hull("exec", "--no-new-privs", bundle.Id, "grep", "NoNewPrivs", "/proc/self/status");
        Assert.Equal("NoNewPrivs:\t1\n", noNewPrivs.Stdout);
    }

    [Fact]
    public void AProcessJsonIsUsedAsIs()
    {
        using var bundle = Running();
        var process = new Process { Args = ["sh", "-c", "echo $FROM_JSON; pwd"], Env = ["FROM_JSON=yes", "PATH=/bin"], Cwd = "/etc", User = new User { Uid = 0, Gid = 0 } };
        string path = Path.Combine(bundle.Dir, "process.json");
        var spec = new RuntimeSpec { Process = process };
        string json = System.Text.Json.JsonDocument.Parse(SpecLoader.Serialize(spec)).RootElement.GetProperty("process").GetRawText();
        File.WriteAllText(path, json);
        var result = bundle.Hull("exec", "--process", path, bundle.Id);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("yes\n/etc\n", result.Stdout);
    }

    [Fact]
    public void DetachedExecWritesItsPidAndKeepsRunning()
    {
        using var bundle = Running();
        string pidFile = Path.Combine(bundle.Dir, "exec.pid");
        var result = bundle.Hull("exec", "-d", "--pid-file", pidFile, bundle.Id, "sleep", "300");
        Assert.True(result.ExitCode == 0, result.ToString());
        int pid = int.Parse(File.ReadAllText(pidFile));
        Assert.Contains("sleep", File.ReadAllText($"/proc/{pid}/cmdline"), StringComparison.Ordinal);
        Assert.Contains(pid.ToString(), File.ReadAllLines(Path.Combine(HostCgroups.DirectoryOf(bundle.Pid(), "pids"), "cgroup.procs")));
    }

    [Fact]
    public void ExecIntoStoppedOrMissingContainersFailsWithRuncsWords()
    {
        using var bundle = new TestBundle("true");
        Assert.Equal(0, bundle.Create().ExitCode);
        Assert.Equal(0, bundle.Hull("start", bundle.Id).ExitCode);
        bundle.WaitForStatus("stopped");
        var stopped = bundle.Hull("exec", bundle.Id, "true");
        Assert.Equal(255, stopped.ExitCode);
        Assert.Contains("cannot exec in a stopped container", stopped.Stderr, StringComparison.Ordinal);
        var missing = bundle.Hull("exec", "no-such-container", "true");
        Assert.Equal(255, missing.ExitCode);
        Assert.Contains("does not exist", missing.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingProgramIsAClearError()
    {
        using var bundle = Running();
        var result = bundle.Hull("exec", bundle.Id, "no-such-program");
        Assert.Equal(255, result.ExitCode);
        Assert.Contains("executable file not found in $PATH", result.Stderr, StringComparison.Ordinal);
        Assert.Single(File.ReadAllLines(Path.Combine(HostCgroups.DirectoryOf(bundle.Pid(), "pids"), "cgroup.procs")));
    }

    [Fact]
    public void PreservedDescriptorsReachAnExecedProcess()
    {
        using var bundle = Running();
        string file = Path.Combine(bundle.Dir, "passed");
        File.WriteAllText(file, "exec fd 3\n");
        var result = HullProcess.RunShell($"exec 3<{file};", "exec", "--preserve-fds", "1", bundle.Id, "sh", "-c", "cat <&3");
        Assert.Equal("exec fd 3\n", result.Stdout);
    }

    [Fact]
    public void ManyConcurrentExecsLeaveNoProcessesOrDescriptorsBehind()
    {
        using var bundle = Running();
        int init = bundle.Pid();
        int initFds = Directory.GetFiles($"/proc/{init}/fd").Length;
        var results = new HullResult[24];
        Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 },
            i => results[i] = bundle.Hull("exec", bundle.Id, "sh", "-c", $"echo {i}"));
        for (int i = 0; i < results.Length; i++)
        {
            Assert.True(results[i].ExitCode == 0, results[i].ToString());
            Assert.Equal($"{i}\n", results[i].Stdout);
        }
        Assert.Equal([init.ToString()], File.ReadAllLines(Path.Combine(HostCgroups.DirectoryOf(bundle.Pid(), "pids"), "cgroup.procs")));
        Assert.Equal(initFds, Directory.GetFiles($"/proc/{init}/fd").Length);
        Assert.DoesNotContain(Directory.GetDirectories("/proc").Select(Path.GetFileName), p =>
            int.TryParse(p, out int pid) && File.Exists($"/proc/{pid}/stat") && ZombieChildOf(pid, init));
    }

    private static bool ZombieChildOf(int pid, int parent)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return fields[0] == "Z" && fields[1] == parent.ToString();
        }
        catch (IOException)
        {
            return false;
        }
    }

    [Fact]
    [Trait("Host", "cgroups")]
    public void ExecIntoAPausedContainerIsRefused()
    {
        using var bundle = Running();
        string freezer = HostCgroups.FileOf(bundle.Pid(), HostCgroups.Expected("freezer.state", "cgroup.freeze"));
        File.WriteAllText(freezer, HostCgroups.Expected("FROZEN", "1"));
        try
        {
            Assert.Equal("paused", bundle.Status());
            var result = bundle.Hull("exec", bundle.Id, "true");
            Assert.Equal(255, result.ExitCode);
            Assert.Contains("cannot exec in a paused container", result.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            File.WriteAllText(freezer, HostCgroups.Expected("THAWED", "0"));
        }
    }
}
