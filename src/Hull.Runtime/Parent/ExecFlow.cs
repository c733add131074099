using Hull.Cgroups;
using Hull.Runtime.Protocol;
using Hull.Runtime.Store;
using Hull.Spec;

namespace Hull.Runtime.Parent;

/// <summary>
/// `exec`: a new process in a running container, over the same <see cref="ParentEnd"/> as its init, joining the
/// init's namespaces (user first) and cgroup instead of creating them. Nothing of it outlives a failure: the child is
/// killed and reaped before the error is reported.
/// </summary>
internal static class ExecFlow
{
    /// <summary>
    /// Spawns the child first, so that it execs and loads while the caller reads the container's state and config;
    /// <see cref="Launch"/> then takes it on.
    /// </summary>
    public static ParentEnd Spawn(ExecOptions options, string? binary) =>
        ChildLauncher.Spawn(new LaunchRequest { Role = "exec", Binary = binary, Stdio = options.Stdio, PreserveFds = options.PreserveFds });

    /// <summary>Starts the process and returns its host pid once it has exec'd; only a subreaper above it can wait for it.</summary>
    public static int Launch(ParentEnd child, ContainerRecord record, RuntimeSpec config, Process process, ExecOptions options, ConsoleSocket console)
    {
        var consoleSocket = console.For(process.Terminal == true, options.ConsoleSocket is not null);
        var spec = JoiningSpec(config, record.InitPid, process);
        var cgroup = CgroupFactory.FromState(SubCgroups.Apply(record.Cgroup, options.SubCgroups));
        // A sub-cgroup is joined, never made: one missing in some hierarchy fails the exec, as under runc.
        string? missing = options.SubCgroups.Count > 0 ? cgroup.Paths.Values.FirstOrDefault(path => !Directory.Exists(path)) : null;
        // The container runs under its limits already: an exec child's start is never charged to its memory.
        bool forked = child.Bootstrap(BootstrapMessage.For(spec), writeIdMaps: null,
            missing is null && ContainerBundle.MayForkIntoCgroup(spec) ? cgroup.OpenForkDirectory(startChargeable: false) : null);
        int pid = child.CompleteBootstrap();
        if (missing is not null)
            throw new HullException($"unable to start container process: error adding pid {pid} to cgroups: failed to write {pid}: openat2 {missing}/cgroup.procs: no such file or directory");
        using var join = cgroup.OpenSelfJoin(forked);
        using var rdtJoin = record.IntelRdt is { } rdt ? OpenIntelRdt(rdt) : CgroupJoinFiles.None;
        using var listener = SeccompListener.Connect(spec.Linux?.Seccomp);
        var passed = new PassedDescriptors();
        var childConfig = new ChildConfig
        {
            Role = ChildRole.Exec,
            Spec = spec,
            ContainerId = record.Id,
            Rootfs = record.Rootfs,
            PreserveFds = options.PreserveFds,
            Start = StartSignal.None,
            ConsoleSocketFd = passed.Add(consoleSocket),
            SeccompListenerFd = passed.Add(listener),
            CgroupTaskFds = [.. join.TaskFiles.Select(passed.Add)],
            RdtTaskFds = [.. rdtJoin.TaskFiles.Select(passed.Add)],
            InUserNamespace = Namespaces.InUserNamespace(spec.Linux),
            HookState = OciState.Of(record, StateStatus.Running),
            WaitsForParent = !join.CoverEveryHierarchy,
            WaitsForRun = process.Rlimits is { Count: > 0 },
        };
        childConfig.HostPid = pid;
        child.SendConfig(childConfig, passed);
        cgroup.Apply(pid, join);
        if (childConfig.WaitsForParent)
            child.CgroupJoined();
        child.ServeUntilReady();
        if (childConfig.WaitsForRun)
        {
            Rlimits.Apply(pid, process.Rlimits, Rlimits.ForExec);
            child.Run();
        }
        child.ExpectCreated();
        child.ExpectEnd();
        child.Release();
        if (options.PidFile is not null)
            PidFile.Write(options.PidFile, pid);
        return pid;
    }

    /// <summary>The process joins the container's resctrl groups as its init did.</summary>
    private static CgroupJoinFiles OpenIntelRdt(RdtState rdt)
    {
        try
        {
            return IntelRdtManager.OpenTaskFiles(rdt);
        }
        catch (CgroupException e)
        {
            throw new HullException($"unable to start container process: {e.Message}", ErrorKind.Failed, e);
        }
    }

    /// <summary>
    /// What the exec child needs of the container's config, read for this exec alone: the process, every namespace
    /// given as the init's, and the settings of <c>linux</c> that bind a process rather than the container.
    /// </summary>
    private static RuntimeSpec JoiningSpec(RuntimeSpec config, int initPid, Process process)
    {
        var namespaces = config.Linux?.Namespaces ?? [];
        foreach (var ns in namespaces)
            ns.Path = $"/proc/{initPid}/ns/{Namespaces.All.First(n => n.Type == ns.Type).ProcName}";
        return new RuntimeSpec
        {
            OciVersion = config.OciVersion,
            Process = process,
            Linux = new Hull.Spec.Linux
            {
                Namespaces = namespaces,
                Seccomp = config.Linux?.Seccomp,
                Personality = config.Linux?.Personality,
            },
        };
    }
}
