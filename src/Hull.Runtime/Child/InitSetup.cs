using Hull.Linux;
using Hull.Runtime.Hooks;
using Hull.Runtime.Protocol;
using Hull.Spec;
using Microsoft.Win32.SafeHandles;

namespace Hull.Runtime.Child;

/// <summary>
/// What a container's init does before its last mile, in runc's order: the keyring, the rootfs and its mounts, its
/// cgroups, the runtime's hooks (asked of the parent), a cgroup namespace, the createContainer hooks, the names,
/// pivot_root, sysctls, masked and read-only paths; then the process (see <see cref="ProcessPreparation"/>), with the
/// startContainer hooks and the wait for start left to the last mile.
/// </summary>
internal static class InitSetup
{
    public static LastMileMessage Prepare(ChildConfig config, ChildEnd end, int parent)
    {
        var spec = config.Spec;
        var process = spec.Process ?? throw new HullException("process property must not be empty", ErrorKind.InvalidArgument);
        // A container must not see or share the keys of the session that started it.
        if (!config.NoNewKeyring)
            Syscall.JoinSessionKeyring($"_ses.{config.ContainerId}");
        // Device nodes and directories get exactly the modes the config asks for; the process's umask is set later.
        Syscall.Umask(0);
        if (config.MountNamespace)
            Rootfs.Prepare(spec, config);
        CgroupSelfJoin.Join(config.CgroupTaskFds);
        CgroupSelfJoin.Join(config.RdtTaskFds, "resctrl group");
        if (config.WaitsForParent)
            end.RequestRuntimeHooks();
        // The init is in the container's cgroup by now (v1 joined above; cgroup2 forked into, or moved into by the
        // parent before it answered): the namespace is rooted there.
        if (config.NewCgroupNamespace)
            Syscall.Unshare(Namespaces.CLONE_NEWCGROUP, "create cgroup namespace");
        RunCreateContainerHooks(spec.Hooks?.CreateContainer, config, process.Env ?? []);
        SetNames(spec);
        // The exec FIFO is reopened through /proc after the root changes, which a container without a mount namespace
        // has not of its own: the directory is opened while the host's is visible.
        var procSelfFd = config.Start == StartSignal.Fifo ? Syscall.Open("/proc/self/fd", Syscall.O_PATH | Syscall.O_DIRECTORY | Syscall.O_CLOEXEC) : null;
        using var pagemap = config.Start == StartSignal.Fifo ? OpenPagemap() : null;
        if (config.MountNamespace)
        {
            Rootfs.Enter(config.Rootfs, config.NoPivot);
            Devices.ReopenNullStdio();
        }
        else
        {
            // chroot alone would leave the working directory outside the new root.
            Syscall.Chdir(config.Rootfs);
            Syscall.Chroot(".");
        }
        // Before the root may turn read-only.
        WorkingDirectory.Create(process.Cwd);
        ApplySysctls(spec.Linux?.Sysctl);
        if (config.MountNamespace)
            Rootfs.Finish(spec);

        var message = ProcessPreparation.Prepare(process, config, end, parent);
        var startState = StateOf(config, StateStatus.Created);
        int index = 0;
        foreach (var hook in spec.Hooks?.StartContainer ?? [])
        {
            message.Hook(hook.Path ?? "", hook.Timeout ?? 0, hook.Args, hook.Env);
            index++;
        }
        if (index > 0)
            message.HookState(startState.ToJson());
        message.StartOn(config.Start);
        if (procSelfFd is not null)
        {
            message.Fifo(Keep(procSelfFd), config.FifoFd);
            // Waiting may take long (engines create ahead of time), so the file pages the setup touched are given
            // back first. The heap is left alone: freed now, it would be charged to the container's memory limit when
            // the init allocates again after start.
            if (pagemap is not null)
                message.Release(Syscall.FilePageRuns(pagemap));
        }
        return message;
    }

    /// <summary>
    /// createContainer hooks run in the container's namespaces, in the rootfs, before pivot_root, as runc runs them; one
    /// without an environment of its own gets the container process's.
    /// </summary>
    private static void RunCreateContainerHooks(List<Hook>? hooks, ChildConfig config, IReadOnlyList<string> processEnv)
    {
        if (hooks is not { Count: > 0 })
            return;
        Syscall.Chdir(config.Rootfs);
        HookRunner.RunAll(hooks, StateOf(config, StateStatus.Creating).ToJson(), processEnv);
    }

    /// <summary>The state the container-side hooks read: the init's own pid in its namespace, as runc gives it.</summary>
    private static State StateOf(ChildConfig config, string status) => new()
    {
        OciVersion = config.HookState.OciVersion,
        Id = config.HookState.Id,
        Status = status,
        Pid = System.Environment.ProcessId,
        Bundle = config.HookState.Bundle,
        Annotations = config.HookState.Annotations,
    };

    private static int Keep(SafeFileHandle handle)
    {
        int fd = (int)handle.DangerousGetHandle();
        handle.SetHandleAsInvalid();
        return fd;
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
            using var file = Syscall.TryOpen(path, Syscall.O_WRONLY | Syscall.O_CLOEXEC, out int errno)
                ?? throw new SyscallException($"open {path}", errno);
            if (Syscall.TryWriteAll((int)file.DangerousGetHandle(), System.Text.Encoding.UTF8.GetBytes(value)) is var failed and not 0)
                throw new SyscallException($"write {path}", failed);
        }
    }

    /// <summary>/proc/self/pagemap, or null where the init may not read it (inside a user namespace it is not dumpable).</summary>
    private static SafeFileHandle? OpenPagemap() => Syscall.TryOpen("/proc/self/pagemap", Syscall.O_RDONLY | Syscall.O_CLOEXEC, out _);
}
