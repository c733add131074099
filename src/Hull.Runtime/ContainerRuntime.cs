using Hull.Cgroups;
using Hull.Linux;
using Hull.Runtime.Hooks;
using Hull.Runtime.Parent;
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
    public ContainerInfo Create(CreateOptions options)
    {
        using var console = ConsoleSocket.ForDetached(options.ConsoleSocket, options.ConsoleConnection);
        var created = new CreateFlow(_store, _options).Create(options, console, Protocol.StartSignal.Fifo);
        created.Init.Dispose();
        return ContainerInfo.From(created.Record, ContainerStatus.Created);
    }

    /// <summary>
    /// create + start. In the foreground it forwards signals to the container (those that come earlier, once it runs),
    /// waits for it, deletes it (unless <see cref="RunOptions.Keep"/>) and returns its exit code (128 + signal for a
    /// signal death); detached it returns 0 once started.
    /// </summary>
    public int Run(CreateOptions options, RunOptions run)
    {
        var flow = new CreateFlow(_store, _options);
        if (run.Detach)
        {
            using var detached = ConsoleSocket.ForDetached(options.ConsoleSocket, options.ConsoleConnection);
            StartOrDelete(flow.Create(options, detached, Protocol.StartSignal.Channel));
            return 0;
        }
        using var signals = SignalForwarder.Catch();
        using var console = ConsoleSocket.ForForeground(options.ConsoleSocket, options.ConsoleConnection);
        using var relay = options.Stdio is null ? new StdioRelay() : null;
        var created = flow.Create(relay is null ? options : options with { Stdio = relay.ChildEnds }, console, Protocol.StartSignal.Channel, relay);
        relay?.Start(created.Spec.Process?.Terminal != true);
        using var terminal = ProxyOrDelete(console, created);
        StartOrDelete(created);
        int status = signals.RelayUntilExit(created.Record.InitPid);
        relay?.WaitForOutput();
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
            created.Init.Dispose();
            Delete(created.Record.Id, force: true);
            throw;
        }
    }

    /// <summary>
    /// `run`'s start: the init waits on its channel rather than an exec FIFO and answers until its execve, so a process
    /// that cannot be started is reported, and the container deleted, before `run` returns.
    /// </summary>
    private void StartOrDelete(CreatedContainer created)
    {
        using var init = created.Init;
        try
        {
            init.Start();
            init.ExpectEnd();
            init.Release();
            RunPoststartHooks(created.Record);
        }
        catch
        {
            init.Dispose();
            Delete(created.Record.Id, force: true);
            throw;
        }
    }

    /// <summary>Lets a created container's init exec the user process, then runs the poststart hooks.</summary>
    public void Start(string id)
    {
        using var directory = _store.Open(id);
        var record = directory.Load();
        switch (StatusOf(record, directory))
        {
            case ContainerStatus.Stopped:
                throw new HullException("cannot start a container that has stopped", ErrorKind.InvalidState);
            case ContainerStatus.Running:
                // A start killed between the execve and the FIFO's removal left it behind.
                File.Delete(directory.ExecFifo);
                throw new HullException("cannot start an already running container", ErrorKind.InvalidState);
            case ContainerStatus.Paused:
                throw new HullException("cannot start a container in the paused state", ErrorKind.InvalidState);
        }
        ExecFifo.Release(directory.ExecFifo, record.Init);
        try
        {
            RunPoststartHooks(record);
        }
        catch (HullException)
        {
            // As runc: the container whose poststart hook failed is stopped; a delete removes it.
            Syscall.Kill(record.InitPid, Syscall.SIGKILL);
            ProcessWaiter.WaitUntilGone(record.Init);
            throw;
        }
    }

    private static void RunPoststartHooks(ContainerRecord record) =>
        HookRunner.RunAll(record.Poststart, OciState.Of(record, StateStatus.Running).ToJson());

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
        using var relay = options.Stdio is null ? new StdioRelay() : null;
        using var child = ExecFlow.Spawn(relay is null ? options : options with { Stdio = relay.ChildEnds }, _options.ChildBinary);
        using var signals = SignalForwarder.Catch();
        var (record, config) = LoadForExec(id, options);
        using var console = ConsoleSocket.ForForeground(options.ConsoleSocket, options.ConsoleConnection);
        var process = ExecProcess.For(options, config);
        relay?.GiveToContainersRoot(config.Linux);
        int pid = ExecFlow.Launch(child, record, config, process, options, console);
        relay?.Start(process.Terminal != true);
        using var terminal = console.Proxy(process.Terminal == true);
        int status = signals.RelayUntilExit(pid);
        relay?.WaitForOutput();
        return WaitStatus.ToExitCode(status);
    }

    /// <summary>
    /// Starts a process in a running container and returns its host pid once it has exec'd. It is this process's child
    /// (which becomes a child subreaper to adopt it), to wait for; a terminal's master goes over
    /// <see cref="ExecOptions.ConsoleConnection"/> or <see cref="ExecOptions.ConsoleSocket"/>.
    /// </summary>
    public int StartExec(string id, ExecOptions options)
    {
        using var child = ExecFlow.Spawn(options, _options.ChildBinary);
        var (record, config) = LoadForExec(id, options);
        using var console = ConsoleSocket.ForDetached(options.ConsoleSocket, options.ConsoleConnection);
        return ExecFlow.Launch(child, record, config, ExecProcess.For(options, config), options, console);
    }

    private (ContainerRecord Record, RuntimeSpec Config) LoadForExec(string id, ExecOptions options)
    {
        using var directory = _store.Open(id);
        var record = directory.Load();
        switch (StatusOf(record, directory))
        {
            case ContainerStatus.Stopped:
                throw new HullException("cannot exec in a stopped container", ErrorKind.InvalidState);
            case ContainerStatus.Paused when !options.IgnorePaused:
                throw new HullException("cannot exec in a paused container (use --ignore-paused to override)", ErrorKind.InvalidState);
        }
        var config = LoadConfig(directory) ?? throw new HullException($"config of container {id} is missing");
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

    /// <summary>
    /// Every container, with the owner of its state directory, as runc's list shows it. One whose state cannot be read
    /// is left out and reported to <paramref name="unreadable"/> (by id, with why), as runc warns about it.
    /// </summary>
    public IReadOnlyList<ContainerInfo> List(Action<string, HullException>? unreadable = null)
    {
        var result = new List<ContainerInfo>();
        // Looked up once per owner, not once per container: the containers are usually all root's.
        var owners = new Dictionary<uint, string>();
        foreach (string id in _store.Ids())
        {
            try
            {
                var info = State(id);
                uint uid = _store.OwnerOf(id);
                if (!owners.TryGetValue(uid, out string? owner))
                    owners[uid] = owner = HostUsers.NameOf(uid);
                result.Add(new ContainerInfo
                {
                    Id = info.Id,
                    Pid = info.Pid,
                    Status = info.Status,
                    Bundle = info.Bundle,
                    Rootfs = info.Rootfs,
                    Created = info.Created,
                    Annotations = info.Annotations,
                    Owner = owner,
                });
            }
            catch (HullException e) when (e.Kind == ErrorKind.NotFound)
            {
                // Gone since the directory was listed, or a create that died before its first record.
            }
            catch (HullException e)
            {
                unreadable?.Invoke(id, e);
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

    /// <summary>
    /// Removes a stopped (or, with force, any) container and everything it held: its processes, cgroup and state. What
    /// a crash left half-made (see <see cref="CreateFlow"/>) counts as stopped; with force, a container whose state
    /// cannot be read goes too, found by its id.
    /// </summary>
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
        ContainerRecord record;
        try
        {
            record = directory.Load();
        }
        catch (HullException e) when (e.Kind == ErrorKind.CorruptState && force)
        {
            DeleteUnreadable(directory);
            return;
        }
        var status = StatusOf(record, directory);
        if (status is ContainerStatus.Running or ContainerStatus.Paused && !force)
            throw new HullException($"cannot delete container {id} that is not stopped: {status.ToText()}", ErrorKind.InvalidState);
        var cgroup = Cgroup(record);
        // A frozen process takes a SIGKILL only once thawed (cgroup v1).
        if (status == ContainerStatus.Paused)
            cgroup.Thaw();
        // Without a pid namespace, processes can outlive the init; nothing of the container may survive delete.
        SignalAll(cgroup, Syscall.SIGKILL);
        if (record.InitPid > 0 && record.Init.IsAlive())
        {
            Syscall.Kill(record.InitPid, Syscall.SIGKILL);
            ProcessWaiter.WaitUntilGone(record.Init);
        }
        cgroup.Destroy();
        if (record.IntelRdt is { } rdt)
            IntelRdtManager.Destroy(rdt, creationFailed: record.Phase == ContainerPhase.Creating);
        directory.Remove();
        if (record.Phase == ContainerPhase.Created)
            CreateFlow.RunPoststopHooks(record);
    }

    /// <summary>A container whose state.json is unreadable: its processes and cgroup are found where its id puts them by default.</summary>
    private void DeleteUnreadable(ContainerDirectory directory)
    {
        var cgroup = new CgroupFactory().ForContainer(null, directory.Id, _options.SystemdCgroup, _options.Rootless);
        if (cgroup.Exists())
        {
            cgroup.Thaw();
            SignalAll(cgroup, Syscall.SIGKILL);
            cgroup.Destroy();
        }
        directory.Remove();
    }

    /// <summary>
    /// The status as the OCI defines it, from the record, the init, its cgroup and the exec FIFO. The caller holds the
    /// directory's lock, which a live `create` keeps until it is done: a record still "creating" is a dead create's, and
    /// stopped. A frozen container is paused, created or not, as runc has it. The FIFO says "created" only while the
    /// init has not exec'd (a killed `start` may have left it behind).
    /// </summary>
    private static ContainerStatus StatusOf(ContainerRecord record, ContainerDirectory directory)
    {
        if (record.Phase == ContainerPhase.Creating || !record.Init.IsAlive())
            return ContainerStatus.Stopped;
        if (Cgroup(record).IsFrozen())
            return ContainerStatus.Paused;
        return File.Exists(directory.ExecFifo) && record.Init.IsHullChild() ? ContainerStatus.Created : ContainerStatus.Running;
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
