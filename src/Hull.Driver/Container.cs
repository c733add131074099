using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Hull.Cgroups;
using Hull.Driver.Backends;
using Hull.Linux;
using Hull.Runtime;
using Hull.Runtime.Checkpoint;
using Hull.Spec;

namespace Hull.Driver;

/// <summary>
/// A container created by a <see cref="ContainerHost"/>: its init's stdio and exit status, and everything
/// that can be done to it while it lives. Disposing it destroys it.
/// </summary>
public sealed class Container : IAsyncDisposable
{
    private readonly IContainerBackend _runtime;
    private readonly ContainerProcess _init;
    private readonly ConcurrentDictionary<int, ExecSession> _sessions = new();

    internal Container(IContainerBackend runtime, string id, int pid, ProcessIo io)
    {
        _runtime = runtime;
        Id = id;
        _init = new ContainerProcess(pid, io, ExitDescriber(), WatchOom());
    }

    /// <summary>The container's id, unique in the host's state directory.</summary>
    public string Id { get; }

    /// <summary>The init's pid as the host sees it.</summary>
    public int Pid => _init.Pid;

    /// <summary>The init's stdio.</summary>
    public ProcessIo Io => _init.Io;

    /// <summary>The OCI state: status, pid, bundle, annotations.</summary>
    public ContainerInfo State() => _runtime.State(Id);

    /// <summary>Runs the user process of a created container.</summary>
    public void Start() => _runtime.Start(Id);

    /// <summary>
    /// Checkpoints the container with CRIU into <see cref="CriuOptionsBase.ImagePath"/>. Unless it is left running (or
    /// only pre-dumped), its processes end with the dump, the container is deleted, and this completes once the init's
    /// exit (a SIGKILL) is collected; <see cref="ContainerHost.Restore"/> brings it back.
    /// </summary>
    /// <exception cref="NotSupportedException">The backend cannot (<see cref="BackendFeatures.Checkpoints"/>).</exception>
    public async Task CheckpointAsync(CheckpointOptions options, CancellationToken cancel = default)
    {
        await Task.Run(() => _runtime.Checkpoint(Id, options), cancel).ConfigureAwait(false);
        if (!options.LeaveRunning && !options.PreDump)
            await _init.WaitAsync(cancel).ConfigureAwait(false);
    }

    /// <summary>Completes when the init exits: exit code or signal, and whether the OOM killer ended it.</summary>
    public Task<ExitStatus> WaitAsync(CancellationToken cancel = default) => _init.WaitAsync(cancel);

    /// <summary>Sends a signal to the init, or with <paramref name="all"/> to every process of the container.</summary>
    public void Signal(int signal, bool all = false) => _runtime.Kill(Id, signal, all);

    /// <summary>Freezes every process of the container.</summary>
    public void Pause() => _runtime.Pause(Id);

    /// <summary>Thaws a paused container.</summary>
    public void Resume() => _runtime.Resume(Id);

    /// <summary>Host pids of every process in the container.</summary>
    public IReadOnlyList<int> Processes() => _runtime.Processes(Id);

    /// <summary>Current resource usage of the running container.</summary>
    public ContainerStats Stats() => ContainerStats.From(_runtime.Stats(Id).Data!);

    /// <summary>Changes resources of the running container; unset values stay as they are.</summary>
    public void Update(LinuxResources resources, string? l3CacheSchema = null, string? memBwSchema = null) => _runtime.Update(Id, resources, l3CacheSchema, memBwSchema);

    /// <summary>OOM events as they happen and a stats sample every <paramref name="interval"/>, until the container stops.</summary>
    public async IAsyncEnumerable<ContainerEvent> EventsAsync(TimeSpan interval, [EnumeratorCancellation] CancellationToken cancel = default)
    {
        var events = Channel.CreateUnbounded<ContainerEvent>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        var producer = Task.Factory.StartNew(() =>
        {
            try
            {
                _runtime.Events(Id, interval, e => events.Writer.TryWrite(Convert(e)), stop.Token);
                events.Writer.TryComplete();
            }
            catch (Exception e)
            {
                events.Writer.TryComplete(e);
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        try
        {
            await foreach (var e in events.Reader.ReadAllAsync(cancel).ConfigureAwait(false))
                yield return e;
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await producer.ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Starts <paramref name="process"/> in the running container; its terminal flag follows <paramref name="stdio"/>.
    /// A process without an environment of its own gets the container's, as `docker exec` gives it.
    /// </summary>
    public ExecSession Exec(Process process, StdioMode stdio = StdioMode.Pipes)
    {
        var copy = SpecLoader.Copy(process);
        copy.Terminal = stdio == StdioMode.Terminal;
        using var setup = new ProcessIo.Setup(stdio);
        int pid = _runtime.StartExec(Id, copy, setup.Stdio, setup.ConsoleConnection);
        var session = new ExecSession(pid, setup.Complete(), ExitDescriber(), WatchOom());
        _sessions[pid] = session;
        _ = session.WaitAsync().ContinueWith(_ => _sessions.TryRemove(pid, out ExecSession? _), TaskScheduler.Default);
        return session;
    }

    /// <summary>
    /// Sends <paramref name="signal"/> to the init and every exec session, waits up to <paramref name="timeout"/>
    /// for the init to exit, then kills every process of the container. Returns the init's exit status.
    /// </summary>
    public async Task<ExitStatus> StopAsync(TimeSpan timeout, int signal = Syscall.SIGTERM)
    {
        if (!_init.HasExited)
        {
            // A frozen process takes no signal until thawed.
            if (_runtime.State(Id).Status == "paused")
                _runtime.Resume(Id);
            SignalInit(signal);
            foreach (var session in _sessions.Values)
                session.Signal(signal);
            try
            {
                await _init.WaitAsync().WaitAsync(timeout).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                KillEverything();
            }
        }
        var status = await _init.WaitAsync().ConfigureAwait(false);
        // Without a pid namespace, exec sessions outlive the init.
        if (!_sessions.IsEmpty)
            KillEverything();
        await Task.WhenAll(_sessions.Values.Select(s => s.WaitAsync())).ConfigureAwait(false);
        return status;
    }

    /// <summary>Kills whatever still runs, removes the container and its cgroup, and closes its stdio.</summary>
    public async Task DestroyAsync()
    {
        _runtime.Delete(Id, force: true);
        await _init.WaitAsync().ConfigureAwait(false);
        await Task.WhenAll(_sessions.Values.Select(s => s.WaitAsync())).ConfigureAwait(false);
        _init.Io.Dispose();
    }

    /// <summary>Destroys the container (see <see cref="DestroyAsync"/>).</summary>
    public async ValueTask DisposeAsync() => await DestroyAsync().ConfigureAwait(false);

    /// <summary>
    /// Signals the init directly where this process watches it; through the runtime where the watched process is the
    /// runtime's own (gVisor's sandbox, lxc-execute).
    /// </summary>
    private void SignalInit(int signal)
    {
        if (_runtime.CreateReturnsInit)
        {
            _init.Signal(signal);
            return;
        }
        try
        {
            _runtime.Kill(Id, signal, all: false);
        }
        catch (HullException e) when (e.Kind is ErrorKind.InvalidState or ErrorKind.NotFound)
        {
        }
    }

    private void KillEverything()
    {
        SignalInit(Syscall.SIGKILL);
        foreach (var session in _sessions.Values)
            session.Signal(Syscall.SIGKILL);
        try
        {
            _runtime.Kill(Id, Syscall.SIGKILL, all: true);
        }
        catch (HullException e) when (e.Kind is ErrorKind.InvalidState or ErrorKind.NotFound)
        {
        }
    }

    /// <summary>
    /// Decodes a wait status, counting a SIGKILL as the OOM killer's when an OOM kill was seen while the process ran,
    /// or the cgroup's OOM kill count rose meanwhile.
    /// </summary>
    private Func<int, bool, ExitStatus> ExitDescriber()
    {
        ulong before = OomKills();
        return (status, oomSeen) => ExitStatus.FromWait(status, oomSeen || OomKills() > before);
    }

    /// <summary>A watcher of the container's OOM kills; null without a memory controller (rootless, no cgroup).</summary>
    private OomWatcher? WatchOom()
    {
        try
        {
            return _runtime.WatchOom(Id);
        }
        catch (Exception e) when (e is HullException or CgroupException)
        {
            return null;
        }
    }

    private ulong OomKills()
    {
        try
        {
            return _runtime.OomKillCount(Id);
        }
        catch (HullException)
        {
            return 0;
        }
    }

    private ContainerEvent Convert(Hull.Cgroups.CgroupEvent e) =>
        e.Type == "oom"
            ? new ContainerEvent(ContainerEventKind.Oom, Id, null)
            : new ContainerEvent(ContainerEventKind.Stats, Id, ContainerStats.From(e.Data!));
}
