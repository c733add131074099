using Hull.Linux;
using Hull.Runtime.Hooks;
using Hull.Runtime.Protocol;
using Microsoft.Win32.SafeHandles;
using Hull.Spec;
using LinuxConfig = Hull.Spec.Linux;

namespace Hull.Runtime.Child;

/// <summary>
/// The managed side of a container's init (and exec) process. It runs in the final child of the
/// native bootstrap stage, already inside the container's namespaces; see <see cref="SyncChannel"/>.
/// </summary>
public static class ContainerInit
{
    public const string BootstrapFdVariable = "HULL_BOOTSTRAP_FD";

    /// <summary>True when this process was started by Hull as a container's init or exec child.</summary>
    public static bool IsContainerChild => Environment.GetEnvironmentVariable(BootstrapFdVariable) is not null;

    /// <summary>Sets the container up and execs its process; returns only on failure, with an exit code.</summary>
    public static int Run()
    {
        int fd = int.Parse(Environment.GetEnvironmentVariable(BootstrapFdVariable)!);
        using var channel = new SyncChannel(new SafeFileHandle(fd, ownsHandle: true));
        try
        {
            var (payload, descriptors) = channel.ExpectWithDescriptors(SyncMessage.Config, "init");
            var config = ChildConfig.Parse(payload, descriptors);
            if (config.Exec)
            {
                // It joins the v1 hierarchies itself; where the parent moves it into others meanwhile, it waits for word.
                var exec = SpecLoader.ParseExecProcess(config.SpecJson);
                CgroupSelfJoin.Join(config.CgroupTaskFds);
                Finish(exec.Process, exec.ToLinux(), config, channel, config.WaitsForParent ? () => channel.Expect(SyncMessage.CgroupJoined, "join the container's cgroup") : null);
            }
            else
            {
                Start(SpecLoader.Parse(config.SpecJson), config, channel);
            }
        }
        catch (Exception e)
        {
            ReportFailure(channel, e.Message);
        }
        return 1;
    }

    private static void Start(RuntimeSpec spec, ChildConfig config, SyncChannel channel)
    {
        var process = spec.Process ?? throw new HullException("config has no process", ErrorKind.InvalidArgument);
        // A container must not see or share the keys of the session that started it.
        if (!config.NoNewKeyring)
            Syscall.JoinSessionKeyring($"_ses.{config.ContainerId}");
        // Device nodes and directories get exactly the modes the config asks for; the process's umask is set later.
        Syscall.Umask(0);
        if (config.MountNamespace)
            Rootfs.Prepare(spec, config);
        CgroupSelfJoin.Join(config.CgroupTaskFds);
        if (config.WaitsForParent)
        {
            channel.Send(SyncMessage.CreateRuntimeHooks);
            channel.Expect(SyncMessage.HooksDone, "createRuntime hooks");
        }
        // The init is in the container's cgroup by now (v1 joined above; cgroup2 forked into, or moved into by the parent
        // before it answered): the namespace is rooted there.
        if (config.NewCgroupNamespace)
            Syscall.Unshare(Parent.Namespaces.CLONE_NEWCGROUP, "create cgroup namespace");
        HookRunner.RunAll(spec.Hooks?.CreateContainer, config.HookState, "createContainer");
        SetNames(spec);
        // The exec FIFO is reopened through /proc after the root changes; a container without a mount
        // namespace has no /proc of its own, so the directory is opened while the host's is still visible.
        // Under `run` there is no FIFO: start comes over the sync channel.
        var procSelfFd = config.StartsAtOnce ? null : Syscall.Open("/proc/self/fd", Syscall.O_PATH | Syscall.O_DIRECTORY | Syscall.O_CLOEXEC);
        var pagemap = config.StartsAtOnce ? null : OpenPagemap();
        if (config.MountNamespace)
        {
            Rootfs.Enter(config.Rootfs, config.NoPivot);
        }
        else
        {
            // chroot alone would leave the working directory outside the new root.
            Syscall.Chdir(config.Rootfs);
            Syscall.Chroot(".");
        }
        ApplySysctls(spec.Linux?.Sysctl);
        if (config.MountNamespace)
            Rootfs.Finish(spec);
        Finish(process, spec.Linux, config, channel, () =>
        {
            if (procSelfFd is null)
                channel.Expect(SyncMessage.Start, "wait for start");
            else
                WaitForStart(procSelfFd, pagemap, config.FifoFd);
            HookRunner.RunAll(spec.Hooks?.StartContainer, config.HookState, "startContainer");
        });
    }

    /// <summary>
    /// What init and exec share: checks that must fail before "ready", the terminal, then after
    /// <paramref name="afterReady"/> the identity and the exec.
    /// </summary>
    private static void Finish(Process process, LinuxConfig? linux, ChildConfig config, SyncChannel channel, Action? afterReady = null)
    {
        Syscall.Umask(process.User?.Umask ?? 0b000_010_010);
        string cwd = string.IsNullOrEmpty(process.Cwd) ? "/" : process.Cwd;
        EnterWorkingDirectory(cwd);
        string executable = ExecutableLookup.Find(process.Args![0], process.Env);
        ProcessSetup.ApplyLimits(process, linux);
        if (process.Terminal == true)
            ConsoleSetup.Attach(process, config.ConsoleSocketFd);
        channel.Send(SyncMessage.Ready);
        // After "ready", `create` has returned; the parent of an exec, or of `run`, listens until the exec happens.
        _readySent = !config.Exec && !config.StartsAtOnce;
        afterReady?.Invoke();
        SecurityLabels.ApplyToExec(process);
        // Loading a filter needs CAP_SYS_ADMIN unless no_new_privs is set: then it can wait until the
        // identity is final, right before execve, so the profile need not allow the setup's syscalls.
        var seccomp = linux?.Seccomp;
        bool noNewPrivileges = process.NoNewPrivileges == true;
        if (seccomp is not null && !noNewPrivileges)
            SeccompAgent.LoadAndHandOver(seccomp, config);
        ProcessSetup.ApplyIdentity(process);
        EnterWorkingDirectory(cwd);
        ProcessSetup.Exec(process, executable, config.PreserveFds,
            seccomp is not null && noNewPrivileges ? () => SeccompAgent.LoadAndHandOver(seccomp, config) : null);
    }

    /// <summary>
    /// Tells the parent what failed. Once the init reported ready, `create` has returned and nobody
    /// listens, so the message goes to the container's stderr, where its user will look.
    /// </summary>
    private static void ReportFailure(SyncChannel channel, string message)
    {
        if (!_readySent)
        {
            try
            {
                channel.Send(SyncMessage.Error, message);
                return;
            }
            catch (SyscallException)
            {
            }
        }
        Console.Error.WriteLine($"hull: {message}");
    }

    private static bool _readySent;

    /// <summary>
    /// chdir, refusing a directory outside the container: a cwd such as /proc/self/fd/N could otherwise
    /// reach a descriptor of the runtime's and land on the host (CVE-2024-21626).
    /// </summary>
    private static void EnterWorkingDirectory(string cwd)
    {
        Syscall.Chdir(cwd);
        string? actual = Syscall.GetCwd();
        if (actual is null || !actual.StartsWith('/'))
            throw new HullException($"current working directory {cwd} is outside of the container's root", ErrorKind.InvalidArgument);
    }

    private static void SetNames(RuntimeSpec spec)
    {
        if (!string.IsNullOrEmpty(spec.Hostname))
            Syscall.SetHostname(spec.Hostname);
        if (!string.IsNullOrEmpty(spec.Domainname))
            Syscall.SetDomainname(spec.Domainname);
    }

    private static void ApplySysctls(Dictionary<string, string>? sysctls)
    {
        foreach (var (key, value) in sysctls ?? [])
        {
            string path = "/proc/sys/" + key.Replace('.', '/');
            try
            {
                File.WriteAllText(path, value);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new HullException($"write sysctl {key}: {e.Message}", ErrorKind.Failed, e);
            }
        }
    }

    /// <summary>/proc/self/pagemap, or null where the init may not read it (inside a user namespace it is not dumpable).</summary>
    private static SafeFileHandle? OpenPagemap()
    {
        try
        {
            return Syscall.Open("/proc/self/pagemap", Syscall.O_RDONLY | Syscall.O_CLOEXEC);
        }
        catch (SyscallException)
        {
            return null;
        }
    }

    /// <summary>
    /// Blocks until `hull start` opens the FIFO for reading, then tells it the init is going ahead. The
    /// write end stays open (close-on-exec), so start sees end-of-file exactly when execve happens.
    /// </summary>
    private static void WaitForStart(SafeFileHandle procSelfFd, SafeFileHandle? pagemap, int fifoFd)
    {
        // Waiting may take long (engines create ahead of time), so the file pages the init's setup touched
        // are given back first. Its heap is left alone: freed now, it would be charged to the container's
        // memory limit when the init allocates again after start.
        SafeFileHandle fifo;
        using (procSelfFd)
        using (pagemap)
        {
            string name = fifoFd.ToString(System.Globalization.CultureInfo.InvariantCulture);
            fifo = pagemap is null
                ? Syscall.OpenAt(procSelfFd, name, Syscall.O_WRONLY | Syscall.O_CLOEXEC)
                : Syscall.OpenAfterReleasingFilePages(pagemap, procSelfFd, name, Syscall.O_WRONLY | Syscall.O_CLOEXEC);
        }
        Syscall.Write(fifo, "0"u8);
        Syscall.CloseRaw(fifoFd);
        GC.SuppressFinalize(fifo);
    }
}
