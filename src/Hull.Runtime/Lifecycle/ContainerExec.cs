using System.Text.Json;
using Hull.Cgroups;
using Hull.Linux;
using Hull.Runtime.Init;
using Hull.Runtime.Process;
using Hull.Runtime.State;

namespace Hull.Runtime.Lifecycle;

/// <summary>
/// `exec`: a new process in a running container, through the same bootstrap path as its init but
/// joining the init's namespaces (user first) and cgroup instead of creating them.
/// </summary>
internal static class ContainerExec
{
    public static int Run(ContainerRecord record, Hull.Spec.RuntimeSpec config, ExecOptions options)
    {
        var process = options.Process;
        if (process.Args is not { Count: > 0 })
            throw new HullException("exec: args must not be empty", ErrorKind.InvalidArgument);
        if (process.Terminal == true && options.Detach && options.ConsoleSocket is null)
            throw new HullException("cannot allocate tty if hull will detach without setting console socket", ErrorKind.InvalidArgument);
        SecurityLabels.Warn(process, null);
        if (!options.Detach)
            Syscall.SetChildSubreaper();

        var spec = JoiningSpec(config, record.InitPid, process);
        using var console = ConsoleSocket.ForForeground(options.ConsoleSocket);
        var cgroup = CgroupFactory.FromState(SubCgroup(record.Cgroup, options.SubCgroup));
        using var listener = SeccompListener.Connect(spec.Linux?.Seccomp);
        var passed = new PassedDescriptors();
        int consoleSlot = passed.Add(process.Terminal == true ? console.ContainerEnd : null);
        int listenerSlot = passed.Add(listener);
        var child = ChildLauncher.Launch(new LaunchRequest
        {
            Spec = spec,
            PreserveFds = options.PreserveFds,
            PassedFds = passed.Handles,
        });
        using (child.Channel)
        {
            try
            {
                var init = new InitConfig
                {
                    SpecJson = Hull.Spec.SpecLoader.Serialize(spec),
                    ContainerId = record.Id,
                    Rootfs = record.Rootfs,
                    Exec = true,
                    PreserveFds = options.PreserveFds,
                    HostPid = child.Pid,
                    ConsoleSocketFd = PassedDescriptors.NumberIn(child, consoleSlot),
                    SeccompListenerFd = PassedDescriptors.NumberIn(child, listenerSlot),
                    HookState = OciState.Json(record, ContainerStatus.Running),
                };
                child.Channel.Send(SyncMessage.Config, JsonSerializer.SerializeToUtf8Bytes(init, InitJsonContext.Default.InitConfig));
                cgroup.Apply(child.Pid);
                child.Channel.Expect(SyncMessage.Ready, "exec failed");
                child.Channel.Send(SyncMessage.CgroupJoined);
                // The socket is close-on-exec: end-of-file means execve succeeded, a message means it failed.
                var (type, payload) = child.Channel.Receive();
                if (type != SyncMessage.Closed)
                    throw SyncChannel.Unexpected(type, payload, "exec failed");
            }
            catch
            {
                Syscall.Kill(child.Pid, Syscall.SIGKILL);
                if (!options.Detach)
                    Syscall.WaitPid(child.Pid);
                throw;
            }
        }
        if (options.PidFile is not null)
            PidFile.Write(options.PidFile, child.Pid);
        if (options.Detach)
            return 0;
        using var terminal = console.Proxy(process.Terminal == true);
        int status;
        using (SignalForwarder.To(child.Pid))
            status = Syscall.WaitPid(child.Pid)!.Value;
        return WaitStatus.ToExitCode(status);
    }

    /// <summary>The container's config with the exec process and every namespace given as the init's.</summary>
    private static Hull.Spec.RuntimeSpec JoiningSpec(Hull.Spec.RuntimeSpec config, int initPid, Hull.Spec.Process process)
    {
        var spec = Hull.Spec.SpecLoader.Parse(Hull.Spec.SpecLoader.Serialize(config));
        spec.Process = process;
        foreach (var ns in spec.Linux?.Namespaces ?? [])
        {
            string procName = Namespaces.All.First(n => n.Type == ns.Type).ProcName;
            ns.Path = $"/proc/{initPid}/ns/{procName}";
        }
        return spec;
    }

    private static CgroupState SubCgroup(CgroupState state, string? sub)
    {
        if (string.IsNullOrEmpty(sub))
            return state;
        if (sub.Split('/').Any(part => part == ".."))
            throw new HullException($"invalid sub-cgroup {sub}", ErrorKind.InvalidArgument);
        return state with { Paths = state.Paths.ToDictionary(p => p.Key, p => Path.Combine(p.Value, sub.TrimStart('/'))) };
    }
}
