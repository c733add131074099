using Hull.Linux;
using Hull.Runtime;

namespace Hull.Driver;

/// <summary>
/// The entry point for .NET programs that run containers. This process becomes a child subreaper
/// (prctl PR_SET_CHILD_SUBREAPER), so container processes are its children and their exit statuses are its
/// to collect; each one is reaped by the <see cref="Container"/> or <see cref="ExecSession"/> that started it, and
/// orphans it adopts from containers without a pid namespace by a sweep once they have stayed zombies for a second.
/// </summary>
public sealed class ContainerHost
{
    /// <summary>Finds the hull executable and makes this process a child subreaper.</summary>
    public ContainerHost(HostOptions? options = null)
    {
        Options = options ?? new HostOptions();
        string executable = HullExecutableLocator.Find(Options.HullExecutable);
        Runtime = new ContainerRuntime(new RuntimeOptions
        {
            Root = Options.Root,
            SystemdCgroup = Options.SystemdCgroup,
            Rootless = Options.Rootless,
            Resctrl = Options.Resctrl,
            ChildBinary = executable,
        });
        HullExecutable = executable;
        Syscall.SetChildSubreaper();
    }

    /// <summary>The settings this host was made with.</summary>
    public HostOptions Options { get; }

    /// <summary>The hull executable container processes are started from.</summary>
    public string HullExecutable { get; }

    /// <summary>The runtime underneath: every `hull` command as a method, for containers this host did not create too.</summary>
    public ContainerRuntime Runtime { get; }

    /// <summary>Creates a container whose init waits for <see cref="Container.Start"/>.</summary>
    public Container Create(ContainerRequest request)
    {
        // What a container sharing this host's pid namespace leaves behind comes to this subreaper; with a pid
        // namespace of its own, its init adopts it, and nothing here wakes for it.
        if (request.Spec?.Linux?.Namespaces?.Any(n => n.Type == "pid") != true)
            ProcessReaper.SweepOrphans();
        using var setup = new ProcessIo.Setup(request.Stdio);
        var info = Runtime.Create(new CreateOptions
        {
            Id = request.Id,
            Bundle = request.Bundle,
            Spec = request.Spec,
            Terminal = request.Stdio == StdioMode.Terminal,
            PidFile = request.PidFile,
            NoPivot = request.NoPivot,
            NoNewKeyring = request.NoNewKeyring,
            Stdio = setup.Stdio,
            ConsoleConnection = setup.ConsoleConnection,
        });
        ProcessIo io;
        try
        {
            io = setup.Complete();
        }
        catch
        {
            Runtime.Delete(info.Id, force: true);
            Hull.Linux.Syscall.TryReap(info.Pid);
            throw;
        }
        return new Container(Runtime, info.Id, info.Pid, io);
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

    /// <summary>Every container in this host's state directory, whoever created it.</summary>
    public IReadOnlyList<ContainerInfo> List() => Runtime.List();
}
