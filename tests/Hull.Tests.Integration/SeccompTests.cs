using System.Text;
using System.Text.Json;
using Hull.Linux;
using Hull.Spec;

namespace Hull.Tests.Integration;

public sealed class SeccompTests
{
    private static LinuxSeccomp AllowAllBut(params LinuxSyscall[] rules) => new()
    {
        DefaultAction = "SCMP_ACT_ALLOW",
        Architectures = ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"],
        Syscalls = [.. rules],
    };

    [Fact]
    public void AnErrnoRuleRefusesTheSyscallWithTheGivenErrno()
    {
        using var bundle = new TestBundle("sh", "-c", "mkdir /tmp/blocked 2>&1; echo after");
        bundle.Spec.Linux!.Seccomp = AllowAllBut(new LinuxSyscall { Names = ["mkdir", "mkdirat"], Action = "SCMP_ACT_ERRNO", ErrnoRet = 13 });
        var result = bundle.Run();
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Permission denied", result.Stdout, StringComparison.Ordinal);
        Assert.EndsWith("after\n", result.Stdout, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(bundle.Rootfs, "tmp/blocked")));
    }

    [Fact]
    public void ArgumentConditionsNarrowARule()
    {
        // kill(2) is refused only for signal 10 (SIGUSR1): the second argument must equal 10.
        using var bundle = new TestBundle("sh", "-c", "kill -0 $$ && echo signal-0-ok; kill -USR1 $$ 2>/dev/null || echo usr1-refused");
        bundle.Spec.Linux!.Seccomp = AllowAllBut(new LinuxSyscall
        {
            Names = ["kill"],
            Action = "SCMP_ACT_ERRNO",
            Args = [new LinuxSeccompArg { Index = 1, Value = 10, Op = "SCMP_CMP_EQ" }],
        });
        Assert.Equal("signal-0-ok\nusr1-refused\n", bundle.Run().Stdout);
    }

    [Fact]
    public void UnknownSyscallNamesAreSkippedAndUnknownActionsRejected()
    {
        using var bundle = new TestBundle("true");
        bundle.Spec.Linux!.Seccomp = AllowAllBut(new LinuxSyscall { Names = ["no_such_syscall"], Action = "SCMP_ACT_ERRNO" });
        Assert.Equal(0, bundle.Run().ExitCode);

        using var bad = new TestBundle("true");
        bad.Spec.Linux!.Seccomp = AllowAllBut(new LinuxSyscall { Names = ["mkdir"], Action = "SCMP_ACT_EXPLODE" });
        var result = bad.Run();
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("SCMP_ACT_EXPLODE", result.Stderr, StringComparison.Ordinal);
        HostState.AssertNothingLeft(bad);
    }

    [Fact]
    public void WithNoNewPrivilegesTheFilterStillApplies()
    {
        using var bundle = new TestBundle("sh", "-c", "mkdir /tmp/blocked 2>/dev/null || echo refused");
        bundle.Spec.Process!.NoNewPrivileges = true;
        bundle.Spec.Process.User = new User { Uid = 1000, Gid = 1000 };
        bundle.Spec.Linux!.Seccomp = AllowAllBut(new LinuxSyscall { Names = ["mkdir", "mkdirat"], Action = "SCMP_ACT_ERRNO" });
        Assert.Equal("refused\n", bundle.Run().Stdout);
    }

    [Fact]
    public void ANotifyRuleHandsTheListenerItsDescriptorAndState()
    {
        using var bundle = new TestBundle("sh", "-c", "mkdir /tmp/notified; echo done > /tmp/finished; sleep 60");
        string socketPath = Path.Combine(bundle.Dir, "agent.sock");
        using var listener = Syscall.ListenUnix(socketPath);
        var seccomp = AllowAllBut(new LinuxSyscall { Names = ["mkdir", "mkdirat"], Action = "SCMP_ACT_NOTIFY" });
        seccomp.ListenerPath = socketPath;
        seccomp.ListenerMetadata = "agent-metadata";
        bundle.Spec.Linux!.Seccomp = seccomp;
        var run = bundle.Run("--detach");
        Assert.True(run.ExitCode == 0, run.ToString());

        using var connection = Syscall.Accept(listener);
        byte[] buffer = new byte[65536];
        var (notifyFd, length) = Syscall.ReceiveDescriptor(connection, buffer);
        using var state = JsonDocument.Parse(Encoding.UTF8.GetString(buffer, 0, length));
        Assert.Equal("agent-metadata", state.RootElement.GetProperty("metadata").GetString());
        Assert.Equal("seccompFd", state.RootElement.GetProperty("fds")[0].GetString());
        Assert.Equal(bundle.Pid(), state.RootElement.GetProperty("pid").GetInt32());
        Assert.Equal(bundle.Id, state.RootElement.GetProperty("state").GetProperty("id").GetString());
        Assert.StartsWith("anon_inode:", new FileInfo($"/proc/self/fd/{notifyFd.DangerousGetHandle()}").LinkTarget, StringComparison.Ordinal);

        // With the agent gone, the pending mkdir fails and the container carries on.
        notifyFd.Dispose();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!File.Exists(Path.Combine(bundle.Rootfs, "tmp/finished")) && DateTime.UtcNow < deadline)
            Thread.Sleep(20);
        Assert.True(File.Exists(Path.Combine(bundle.Rootfs, "tmp/finished")));
        Assert.False(Directory.Exists(Path.Combine(bundle.Rootfs, "tmp/notified")));
    }

    [Fact]
    public void AnExecedProcessGetsTheFilterToo()
    {
        using var bundle = new TestBundle("sleep", "600");
        bundle.Spec.Linux!.Seccomp = AllowAllBut(new LinuxSyscall { Names = ["mkdir", "mkdirat"], Action = "SCMP_ACT_ERRNO" });
        Assert.Equal(0, bundle.Run("--detach").ExitCode);
        var result = bundle.Hull("exec", bundle.Id, "sh", "-c", "mkdir /tmp/blocked 2>/dev/null || echo refused");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("refused\n", result.Stdout);
    }
}
