using Hull.Driver.Backends;
using Hull.Linux;
using Hull.Runtime;
using Hull.Runtime.Checkpoint;

namespace Hull.Driver;

/// <summary>
/// The entry point for .NET programs that run containers. This process becomes a child subreaper
/// (prctl PR_SET_CHILD_SUBREAPER), so container processes are its children and their exit statuses are its
/// to collect; each one is reaped by the <see cref="Container"/> or <see cref="ExecSession"/> that started it, and
/// orphans it adopts from containers without a pid namespace by a sweep once they have stayed zombies for a second.
/// </summary>
public sealed class ContainerHost
{
    private readonly IContainerBackend _backend;

    /// <summary>Opens the backend (for Hull: finds the hull executable) and makes this process a child subreaper.</summary>
    public ContainerHost(HostOptions? options = null)
    {
        Options = options ?? new HostOptions();
        _backend = Options.Backend.Open(Options);
        Syscall.SetChildSubreaper();
    }

    /// <summary>The settings this host was made with.</summary>
    public HostOptions Options { get; }

    /// <summary>What the backend can do beyond create, start, signal, wait and delete.</summary>
    public BackendFeatures Features => _backend.Features;

    /// <summary>The hull executable container processes are started from (Hull's backend).</summary>
    /// <exception cref="NotSupportedException">The host runs another runtime.</exception>
    public string HullExecutable => Hull.Executable;

    /// <summary>
    /// The runtime underneath with Hull's backend: every `hull` command as a method, for containers this host did not
    /// create too.
    /// </summary>
    /// <exception cref="NotSupportedException">The host runs another runtime.</exception>
    public ContainerRuntime Runtime => Hull.Runtime;

    private HullBackend Hull =>
        _backend as HullBackend ?? throw new NotSupportedException($"this host runs containers with {Options.Backend.Name}, not Hull");

    /// <summary>Creates a container whose init waits for <see cref="Container.Start"/>.</summary>
    public Container Create(ContainerRequest request) =>
        Make(request, (stdio, console) => _backend.Create(request, stdio, console));

    /// <summary>
    /// Restores a container from a checkpoint (<see cref="Container.CheckpointAsync"/>) under <paramref name="request"/>'s
    /// id, bundle or spec and stdio; it runs once this returns. A restore that fails leaves nothing of the container.
    /// </summary>
    /// <exception cref="NotSupportedException">The backend cannot (<see cref="BackendFeatures.Checkpoints"/>).</exception>
    public Container Restore(ContainerRequest request, RestoreOptions restore) =>
        Make(request, (stdio, console) => _backend.Restore(request, restore, stdio, console));

    /// <summary>A container whose init <paramref name="start"/> makes on the request's stdio; if the stdio cannot be completed, it goes.</summary>
    private Container Make(ContainerRequest request, Func<ProcessStdio?, System.Runtime.InteropServices.SafeHandle?, int> start)
    {
        // What a container sharing this host's pid namespace leaves behind comes to this subreaper; with a pid
        // namespace of its own, its init adopts it, and nothing here wakes for it.
        if (request.Spec?.Linux?.Namespaces?.Any(n => n.Type == "pid") != true)
            ProcessReaper.SweepOrphans();
        using var setup = new ProcessIo.Setup(request.Stdio);
        int pid = start(setup.Stdio, setup.ConsoleConnection);
        ProcessIo io;
        try
        {
            io = setup.Complete();
        }
        catch
        {
            _backend.Delete(request.Id, force: true);
            Syscall.TryReap(pid);
            throw;
        }
        return new Container(_backend, request.Id, pid, io);
    }

    /// <summary>Creates and starts a container; if the start fails, nothing of it is left.</summary>
    public Container Run(ContainerRequest request)
    {
        var container = Create(request);
        try
        {
            container.Start();
            return container;
        }
        catch
        {
            container.DestroyAsync().GetAwaiter().GetResult();
            throw;
        }
    }

    /// <summary>A directory of the container's for as long as it exists (Hull's state directory), where a monitor keeps its files.</summary>
    internal string DirectoryOf(string id) => _backend.DirectoryOf(id);

    /// <summary>Stops keeping anything of container <paramref name="id"/>, which this host no longer handles (it is deleted elsewhere).</summary>
    internal void Forget(string id) => _backend.Forget(id);

    /// <summary>Removes a container of this host's state directory, whoever created it (a monitor, the CLI).</summary>
    public void Delete(string id, bool force = false) => _backend.Delete(id, force);

    /// <summary>Every container in this host's state directory, whoever created it.</summary>
    public IReadOnlyList<ContainerInfo> List() => _backend.List();
}
