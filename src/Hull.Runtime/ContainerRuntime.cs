using Hull.Cgroups;
using Hull.Linux;
using Hull.Runtime.Hooks;
using Hull.Runtime.Parent;
using Hull.Runtime.Protocol;
using Hull.Runtime.Store;
using Hull.Spec;

namespace Hull.Runtime;

/// <summary>
/// The container lifecycle, as a library: everything `hull` does to containers goes through here.
/// </summary>
public sealed partial class ContainerRuntime
{
    private readonly StateStore _store;
    private readonly RuntimeOptions _options;

    public ContainerRuntime(RuntimeOptions options)
    {
        _options = options;
        _store = new StateStore(options.Root);
        _store.EnsureRoot();
    }

    /// <summary>Creates a container whose init waits for <see cref="Start(string)"/>.</summary>
    public ContainerInfo Create(CreateOptions options) =>
        ContainerInfo.From(CreateDetached(options, startsAtOnce: false).Record, ContainerStatus.Created);

    private CreatedContainer CreateDetached(CreateOptions options, bool startsAtOnce)
    {
        using var consoleSocket = ConsoleSocket.ForDetached(options.ConsoleSocket, options.ConsoleConnection);
        return new ContainerCreator(_store, _options).Create(options, consoleSocket.ContainerEnd, startsAtOnce);
    }

    /// <summary>
    /// create + start. In the foreground it forwards signals to the container (those that come earlier, once it runs),
    /// waits for it, deletes it (unless <see cref="RunOptions.Keep"/>) and returns its exit code (128 + signal for a
    /// signal death); detached it returns 0 once started.
    /// </summary>
    public int Run(CreateOptions options, RunOptions run)
    {
        if (run.Detach)
        {
            StartOrDelete(CreateDetached(options, startsAtOnce: true));
            return 0;
        }
        Syscall.SetChildSubreaper();
        using var signals = SignalForwarder.Catch();
        using var console = ConsoleSocket.ForForeground(options.ConsoleSocket, options.ConsoleConnection);
        var created = new ContainerCreator(_store, _options).Create(options, console.ContainerEnd, startsAtOnce: true);
        using var terminal = ProxyOrDelete(console, created);
        StartOrDelete(created);
        int status = signals.RelayUntilExit(created.Record.InitPid);
        terminal?.Dispose();
        if (!run.Keep)
            Delete(options.Id, force: true);
        return WaitStatus.ToExitCode(status);
    }

    /// <summary>The terminal of a container `run` just created; if it cannot be had, the container goes, as after a failed start.</summary>
    private TerminalProxy? ProxyOrDelete(ConsoleSocket console, CreatedContainer created)
    {
        try
        {
            return console.Proxy(created.Spec.Process?.Terminal == true);
        }
        catch
        {
            created.StartChannel?.Dispose();
            Delete(created.Record.Id, force: true);
            throw;
        }
    }

    /// <summary>Starts a container `run` just created, from the record it was created with rather than state.json again.</summary>
    private void StartOrDelete(CreatedContainer created)
    {
        using var channel = created.StartChannel;
        try
        {
            using var directory = _store.Open(created.Record.Id);
            if (channel is not null)
                StartAtOnce(channel, created.Record);
            else
                Start(directory, created.Record);
        }
        catch
        {
            Delete(created.Record.Id, force: true);
            throw;
        }
    }

    /// <summary>
    /// `run`'s start: the init waits on its sync channel rather than an exec FIFO, and answers until its execve, so a
    /// process that cannot be started is reported as `exec` reports it.
    /// </summary>
    private static void StartAtOnce(SyncChannel channel, ContainerRecord record)
    {
        channel.Send(SyncMessage.Start);
        channel.ExpectExec("start container process");
        RunPoststartHooks(record);
    }

    /// <summary>Lets a created container's init exec the user process, then runs the poststart hooks.</summary>
    public void Start(string id)
    {
        using var directory = _store.Open(id);
        Start(directory, directory.Load());
    }

    private static void Start(ContainerDirectory directory, ContainerRecord record)
    {
        var status = StatusOf(record, directory);
        switch (status)
        {
            case ContainerStatus.Stopped:
                throw new HullException("cannot start a container that has stopped", ErrorKind.InvalidState);
            case ContainerStatus.Running or ContainerStatus.Paused:
                throw new HullException("cannot start an already running container", ErrorKind.InvalidState);
        }
        ExecFifo.Release(directory.ExecFifo, record.Init);
        RunPoststartHooks(record);
    }

    private static void RunPoststartHooks(ContainerRecord record)
    {
        if (record.Poststart is { Count: > 0 } hooks)
            HookRunner.RunAllWarning(hooks, OciState.Json(record, ContainerStatus.Running), "poststart");
    }

    /// <summary>
    /// Runs a new process in a running container. In the foreground it returns the process's exit code
    /// (128 + signal for a signal death); detached it returns 0 once the process has exec'd.
    /// </summary>
    public int Exec(string id, ExecOptions options)
    {
        if (options.Detach)
        {
            StartExec(id, options);
            return 0;
        }
        using var starting = ContainerExec.Spawn(options, _options.ChildBinary);
        using var signals = SignalForwarder.Catch();
        var (record, config) = LoadForExec(id, options);
        return ContainerExec.Run(starting, record, config, options, signals);
    }

    /// <summary>
    /// Starts a process in a running container and returns its host pid once it has exec'd. The caller must
    /// be a child subreaper (prctl PR_SET_CHILD_SUBREAPER) to wait for it; a terminal's master goes over
    /// <see cref="ExecOptions.ConsoleConnection"/> or <see cref="ExecOptions.ConsoleSocket"/>.
    /// </summary>
    public int StartExec(string id, ExecOptions options)
    {
        using var starting = ContainerExec.Spawn(options, _options.ChildBinary);
        var (record, config) = LoadForExec(id, options);
        using var console = ConsoleSocket.ForDetached(options.ConsoleSocket, options.ConsoleConnection);
        return ContainerExec.Launch(starting, record, config, ContainerExec.ProcessFor(options, config), options, console.ContainerEnd);
    }

    private (ContainerRecord Record, RuntimeSpec Config) LoadForExec(string id, ExecOptions options)
    {
        ContainerRecord record;
        RuntimeSpec config;
        using (var directory = _store.Open(id))
        {
            record = directory.Load();
            switch (StatusOf(record, directory))
            {
                case ContainerStatus.Stopped:
                    throw new HullException("cannot exec in a stopped container", ErrorKind.InvalidState);
                case ContainerStatus.Paused when !options.IgnorePaused:
                    throw new HullException("cannot exec in a paused container (use --ignore-paused to override)", ErrorKind.InvalidState);
            }
            config = LoadConfig(directory) ?? throw new HullException($"config of container {id} is missing");
        }
        return (record, config);
    }

    /// <summary>The container's state directory; what a monitor keeps beside the state goes away with it on delete.</summary>
    public string DirectoryOf(string id)
    {
        using var directory = _store.Open(id);
        return directory.Path;
    }

    public ContainerInfo State(string id)
    {
        using var directory = _store.Open(id);
        var record = directory.Load();
        return ContainerInfo.From(record, StatusOf(record, directory));
    }

    /// <summary>Every container, with the owner of its state directory, as runc's list shows it.</summary>
    public IReadOnlyList<ContainerInfo> List()
    {
        var result = new List<ContainerInfo>();
        foreach (string id in _store.Ids())
        {
            try
            {
                var info = State(id);
                result.Add(new ContainerInfo
                {
                    Id = info.Id,
                    Pid = info.Pid,
                    Status = info.Status,
                    Bundle = info.Bundle,
                    Rootfs = info.Rootfs,
                    Created = info.Created,
                    Annotations = info.Annotations,
                    Owner = HostUsers.NameOf(_store.OwnerOf(id)),
                });
            }
            catch (HullException e) when (e.Kind == ErrorKind.NotFound)
            {
            }
        }
        return result;
    }

    /// <summary>
    /// Sends a signal to the init, or with <paramref name="all"/> to every process of the container, as runc does: any
    /// signal number (0 too) is passed to the kernel, and a SIGKILL thaws a paused container so that it takes effect.
    /// </summary>
    public void Kill(string id, int signal, bool all = false)
    {
        using var directory = _store.Open(id);
        var record = directory.Load();
        var status = StatusOf(record, directory);
        var cgroup = Cgroup(record);
        if (all)
        {
            if (status != ContainerStatus.Stopped || cgroup.Exists())
                SignalAll(cgroup, signal);
            return;
        }
        if (status == ContainerStatus.Stopped)
            throw new HullException("container not running", ErrorKind.InvalidState);
        if (Syscall.Signal(record.InitPid, signal) is { } errno)
            throw new HullException($"unable to signal init: {Errno.Describe(errno)}", ErrorKind.InvalidState);
        if (status == ContainerStatus.Paused && signal == Syscall.SIGKILL)
            cgroup.Thaw();
    }

    /// <summary>Removes a stopped (or, with force, any) container and everything it held.</summary>
    public void Delete(string id, bool force = false)
    {
        ContainerDirectory directory;
        try
        {
            directory = _store.Open(id);
        }
        catch (HullException e) when (e.Kind == ErrorKind.NotFound)
        {
            // As with runc, a forced delete of what does not exist succeeds (engines clean up twice).
            _store.RemoveAbandoned(id);
            if (force)
                return;
            throw;
        }
        using var held = directory;
        var record = directory.Load();
        var status = StatusOf(record, directory);
        if (status is ContainerStatus.Running or ContainerStatus.Paused && !force)
            throw new HullException($"cannot delete container {id} that is not stopped: {status.ToText()}", ErrorKind.InvalidState);
        // A frozen process takes a SIGKILL only once thawed (cgroup v1).
        if (status == ContainerStatus.Paused)
            Cgroup(record).Thaw();
        // Without a pid namespace, processes can outlive the init; nothing of the container may survive delete.
        SignalAll(Cgroup(record), Syscall.SIGKILL);
        if (status != ContainerStatus.Stopped)
        {
            Syscall.Kill(record.InitPid, Syscall.SIGKILL);
            ProcessWaiter.WaitUntilGone(record.Init);
        }
        Cgroup(record).Destroy();
        directory.Remove();
        if (record.Poststop is { Count: > 0 } hooks)
            HookRunner.RunAllWarning(hooks, OciState.Json(record, ContainerStatus.Stopped), "poststop");
    }

    /// <summary>The status as the OCI defines it, derived from the init process and the exec FIFO.</summary>
    private static ContainerStatus StatusOf(ContainerRecord record, ContainerDirectory directory)
    {
        if (!record.Init.IsAlive())
            return ContainerStatus.Stopped;
        if (File.Exists(directory.ExecFifo))
            return ContainerStatus.Created;
        return Cgroup(record).IsFrozen() ? ContainerStatus.Paused : ContainerStatus.Running;
    }

    /// <summary>Signals every process of the cgroup, frozen meanwhile where it can be, so that none forks past the signal.</summary>
    private static void SignalAll(ICgroupManager cgroup, int signal)
    {
        bool frozen = cgroup.TryFreeze();
        try
        {
            foreach (int pid in cgroup.Pids())
                Syscall.Signal(pid, signal);
        }
        finally
        {
            if (frozen)
                cgroup.Thaw();
        }
    }

    private static ICgroupManager Cgroup(ContainerRecord record) => CgroupFactory.FromState(record.Cgroup);

    private static RuntimeSpec? LoadConfig(ContainerDirectory directory) =>
        File.Exists(directory.ConfigFile) ? SpecLoader.Load(directory.ConfigFile) : null;
}
