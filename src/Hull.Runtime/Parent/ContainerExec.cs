using Hull.Cgroups;
using Hull.Linux;
using Hull.Runtime.Child;
using Hull.Runtime.Protocol;
using Hull.Runtime.Store;
using Hull.Spec;

namespace Hull.Runtime.Parent;

/// <summary>
/// `exec`: a new process in a running container, through the same bootstrap path as its init but
/// joining the init's namespaces (user first) and cgroup instead of creating them.
/// </summary>
internal static class ContainerExec
{
    /// <summary>
    /// Spawns the child first, so that it execs and loads while the caller reads the container's state and
    /// config; <see cref="Run"/> or <see cref="Launch"/> then takes it on.
    /// </summary>
    public static StartingChild Spawn(ExecOptions options, string? childBinary) =>
        ChildLauncher.Spawn(new LaunchRequest { Role = "exec", Binary = childBinary, Stdio = options.Stdio, PreserveFds = options.PreserveFds });

    /// <summary>exec in the foreground: relays <paramref name="signals"/> to the process, waits for it and returns its exit code.</summary>
    public static int Run(StartingChild starting, ContainerRecord record, RuntimeSpec config, ExecOptions options, SignalForwarder signals)
    {
        Syscall.SetChildSubreaper();
        using var console = ConsoleSocket.ForForeground(options.ConsoleSocket, options.ConsoleConnection);
        var process = ProcessFor(options, config);
        int pid = Launch(starting, record, config, process, options, console.ContainerEnd);
        using var terminal = console.Proxy(process.Terminal == true);
        return WaitStatus.ToExitCode(signals.RelayUntilExit(pid));
    }

    /// <summary>Starts the process and returns its host pid once it has exec'd; only a subreaper above it can wait for it.</summary>
    public static int Launch(StartingChild starting, ContainerRecord record, RuntimeSpec config, Process process, ExecOptions options, System.Runtime.InteropServices.SafeHandle? consoleSocket)
    {
        if (process.Args is not { Count: > 0 })
            throw new HullException("exec: args must not be empty", ErrorKind.InvalidArgument);
        if (process.Terminal == true && consoleSocket is null)
            throw new HullException("cannot allocate tty if hull will detach without setting console socket", ErrorKind.InvalidArgument);
        SecurityLabels.Warn(process, null);

        var spec = JoiningSpec(config, record.InitPid, process);
        var cgroup = CgroupFactory.FromState(SubCgroups.Apply(record.Cgroup, options.SubCgroups));
        // The container runs under its limits already: an exec child's start is never charged to its memory.
        bool forkedIntoCgroup2 = starting.Bootstrap(spec,
            ContainerCreator.ForkIntoCgroupAllowed(spec) ? cgroup.OpenForkDirectory(startChargeable: false) : null);
        using var cgroupJoin = cgroup.OpenSelfJoin(forkedIntoCgroup2);
        using var listener = SeccompListener.Connect(spec.Linux?.Seccomp);
        var passed = new PassedDescriptors();
        int consoleSlot = passed.Add(process.Terminal == true ? consoleSocket : null);
        int listenerSlot = passed.Add(listener);
        List<int> cgroupTaskSlots = [.. cgroupJoin.TaskFiles.Select(passed.Add)];
        var child = starting.Complete();
        using (child.Channel)
        {
            try
            {
                var init = new ChildConfig
                {
                    SpecJson = SpecLoader.SerializeExecProcess(ExecProcessConfig.For(process, spec.Linux)),
                    ContainerId = record.Id,
                    Rootfs = record.Rootfs,
                    Exec = true,
                    PreserveFds = options.PreserveFds,
                    HostPid = child.Pid,
                    ConsoleSocketFd = consoleSlot,
                    SeccompListenerFd = listenerSlot,
                    CgroupTaskFds = cgroupTaskSlots,
                    WaitsForParent = !cgroupJoin.CoverEveryHierarchy,
                    HookState = OciState.Json(record, ContainerStatus.Running),
                };
                child.Channel.Send(SyncMessage.Config, init.ToJson(), passed.Handles);
                cgroup.Apply(child.Pid, cgroupJoin);
                child.Channel.Expect(SyncMessage.Ready, "exec failed");
                if (init.WaitsForParent)
                    child.Channel.Send(SyncMessage.CgroupJoined);
                child.Channel.ExpectExec("exec failed");
            }
            catch
            {
                ChildLauncher.KillAndReap(child.Pid);
                throw;
            }
        }
        if (options.PidFile is not null)
            PidFile.Write(options.PidFile, child.Pid);
        return child.Pid;
    }

    /// <summary>
    /// The process to run: the given one, or one built from the container's own (see
    /// <see cref="ExecOptions.ProcessFromContainer"/>), checked as runc checks it.
    /// </summary>
    public static Process ProcessFor(ExecOptions options, RuntimeSpec config)
    {
        Process process;
        if (options.Process is { } given)
        {
            process = given;
        }
        else
        {
            if (options.ProcessFromContainer is not { } build)
                throw new HullException("process property must not be empty", ErrorKind.InvalidArgument);
            // The config was read for this exec alone, so its process may be changed freely.
            var own = config.Process ?? new Process();
            own.Terminal = false;
            process = build(own);
            if (process.Args is not { Count: > 0 })
                throw new HullException("process args cannot be empty", ErrorKind.InvalidArgument);
        }
        Check(process);
        return process;
    }

    private static void Check(Process process)
    {
        if (string.IsNullOrEmpty(process.Cwd))
            throw new HullException("Cwd property must not be empty", ErrorKind.InvalidArgument);
        if (!process.Cwd.StartsWith('/'))
            throw new HullException("Cwd must be an absolute path", ErrorKind.InvalidArgument);
        if (process.Args is not { Count: > 0 })
            throw new HullException("args must not be empty", ErrorKind.InvalidArgument);
        if (!string.IsNullOrEmpty(process.SelinuxLabel) && !Hull.Linux.SecurityModules.SelinuxEnabled)
            throw new HullException("selinux label is specified in config, but selinux is disabled or not supported", ErrorKind.InvalidArgument);
    }

    /// <summary>
    /// The container's config, read for this exec alone and so changed in place, with the exec process and every
    /// namespace given as the init's.
    /// </summary>
    private static RuntimeSpec JoiningSpec(RuntimeSpec config, int initPid, Process process)
    {
        config.Process = process;
        foreach (var ns in config.Linux?.Namespaces ?? [])
        {
            string procName = Namespaces.All.First(n => n.Type == ns.Type).ProcName;
            ns.Path = $"/proc/{initPid}/ns/{procName}";
        }
        return config;
    }
}
