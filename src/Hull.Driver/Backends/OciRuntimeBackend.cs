using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.InteropServices;
using Hull.Cgroups;
using Hull.Runtime;
using Hull.Runtime.Checkpoint;
using Hull.Runtime.Store;
using Hull.Spec;
using Hull.Spec.Json;

namespace Hull.Driver.Backends;

/// <summary>
/// A runtime binary that speaks runc's command line (runc, crun), driven as conmon drives it for podman: create with
/// the init's stdio (or a console socket), a pid file, then start, kill, pause, resume, update, exec --detach and
/// delete. The init and exec processes are reparented to this process (a child subreaper) when the runtime exits, so
/// they are reaped here as Hull's are; their cgroup, found from the init, gives stats, events and OOM kills.
/// </summary>
internal sealed class OciRuntimeBackend : IContainerBackend
{
    /// <summary>runc and crun: everything but Intel RDT schemas, which Hull does not pass on.</summary>
    private static readonly BackendFeatures Native = new()
    {
        Pause = true, Update = true, IntelRdt = false, OomKills = true, Stats = true, HostProcesses = true, SignalDeaths = true, ExecSignals = true,
        Terminals = true, Checkpoints = true,
    };

    /// <summary>
    /// gVisor's runsc: the container's processes run in a sandbox with a kernel of its own, it has no `update`, and it
    /// checkpoints its sandbox itself, with flags of its own.
    /// </summary>
    private static readonly BackendFeatures Sandboxed = Native with { Update = false, HostProcesses = false, SignalDeaths = false, ExecSignals = false, Checkpoints = false };

    private readonly OciCommandLine _cli;
    private readonly string _root;
    private readonly bool _systemdCgroup;
    private readonly Lazy<CgroupFactory> _cgroupFactory = new(() => new CgroupFactory());
    private readonly ConcurrentDictionary<string, (ProcessIdentity Init, ICgroupManager? Cgroup)> _inits = new(StringComparer.Ordinal);
    private readonly Lazy<BackendFeatures> _features;

    public OciRuntimeBackend(string executable, string root, IReadOnlyList<string> globalArguments, bool systemdCgroup)
    {
        _systemdCgroup = systemdCgroup;
        _cli = new OciCommandLine(executable, root, systemdCgroup ? ["--systemd-cgroup", .. globalArguments] : globalArguments);
        _root = root;
        _features = new Lazy<BackendFeatures>(() => Path.GetFileName(executable) == "runsc" ? Sandboxed : Native with { Checkpoints = HasCheckpoint() });
        // The runtime's own helpers (gVisor's gofer and sandbox) are reparented here too when it exits, and some of
        // its commands wait for them to be gone: their zombies must not stay.
        ProcessReaper.SweepOrphans();
    }

    public BackendFeatures Features => _features.Value;

    /// <summary>Whether the binary was built with checkpoint (Debian's crun 1.8 answers "unknown command checkpoint").</summary>
    private bool HasCheckpoint()
    {
        try
        {
            _cli.Run("checkpoint", "--help");
            return true;
        }
        catch (HullException)
        {
            return false;
        }
    }

    public bool CreateReturnsInit => Features.HostProcesses;

    public int Create(ContainerRequest request, ProcessStdio? stdio, SafeHandle? consoleConnection) =>
        Launch(request, stdio, consoleConnection, ["create"], request.NoNewKeyring ? ["--no-new-keyring"] : []);

    /// <summary>`restore --detach` with the init's stdio or a console socket: the restored init is reparented here as a created one is.</summary>
    public int Restore(ContainerRequest request, RestoreOptions restore, ProcessStdio? stdio, SafeHandle? consoleConnection)
    {
        RequireCheckpoints();
        return Launch(request, stdio, consoleConnection, ["restore", "--detach"], CriuArguments.For(restore));
    }

    public void Checkpoint(string id, CheckpointOptions options)
    {
        RequireCheckpoints();
        _cli.Run(["checkpoint", .. CriuArguments.For(options), id]);
    }

    private void RequireCheckpoints()
    {
        if (!Features.Checkpoints)
            throw new NotSupportedException(Features.HostProcesses
                ? $"{Path.GetFileName(_cli.Executable)} was built without checkpoint"
                : $"{Path.GetFileName(_cli.Executable)} checkpoints its sandbox with flags of its own, which the library does not speak");
    }

    /// <summary>
    /// `create` or `restore`: the runtime's command with the bundle, a pid file and the console socket, then the init
    /// recorded as this host's; what a failed command left is removed.
    /// </summary>
    private int Launch(ContainerRequest request, ProcessStdio? stdio, SafeHandle? consoleConnection, string[] command, IReadOnlyList<string> extra)
    {
        // The id names a directory of this backend's before the runtime sees it.
        ContainerId.Validate(request.Id);
        string own = DirectoryOf(request.Id);
        if (!_inits.ContainsKey(request.Id))
            RemoveOwnDirectory(request.Id);
        Directory.CreateDirectory(own);
        string pidFile = request.PidFile ?? Path.Combine(own, "init.pid");
        try
        {
            var spec = request.Spec ?? SpecLoader.Load(Path.Combine(request.Bundle, SpecLoader.ConfigFileName));
            string bundle = BundleFor(request, spec, own);
            using var console = consoleConnection is null ? null : new ConsoleSocket();
            List<string> arguments = [.. command, "--bundle", bundle, "--pid-file", pidFile];
            if (console is not null)
                arguments.AddRange(["--console-socket", console.Path]);
            if (request.NoPivot)
                arguments.Add("--no-pivot");
            arguments.AddRange(extra);
            arguments.Add(request.Id);
            var cgroup = NewCgroupOf(spec, request.Id);
            try
            {
                _cli.RunWithStdio(stdio, [.. arguments]);
            }
            catch (HullException e) when (e.Kind != ErrorKind.AlreadyExists)
            {
                // What a failed create made is the runtime's to remove; a cgroup it leaves even so (runsc does) goes too.
                TryDelete(request.Id);
                cgroup?.Destroy();
                throw;
            }
            int pid = int.Parse(File.ReadAllText(pidFile).Trim(), CultureInfo.InvariantCulture);
            // Reparented here, not reaped by anyone else: it exists until this host reaps it.
            _inits[request.Id] = (ProcessIdentity.Of(pid) ?? throw new HullException($"the init of container {request.Id} is gone"), CgroupOf(pid));
            if (console is not null)
            {
                try
                {
                    console.ForwardMaster(consoleConnection!);
                }
                catch
                {
                    Delete(request.Id, force: true);
                    throw;
                }
            }
            return pid;
        }
        catch when (!_inits.ContainsKey(request.Id))
        {
            RemoveOwnDirectory(request.Id);
            throw;
        }
        finally
        {
            if (request.PidFile is null && File.Exists(pidFile))
                File.Delete(pidFile);
        }
    }

    public void Start(string id) => _cli.Run("start", id);

    public ContainerInfo State(string id) => SpecJson.Read(System.Text.Encoding.UTF8.GetBytes(_cli.Run("state", id)), ContainerInfo.Codec)!;

    public IReadOnlyList<ContainerInfo> List()
    {
        string json = _cli.Run("list", "--format", "json").Trim();
        return json is "" or "null" ? [] : SpecJson.Read(System.Text.Encoding.UTF8.GetBytes(json), new ListCodec<ContainerInfo>(ContainerInfo.Codec)) ?? [];
    }

    public void Kill(string id, int signal, bool all)
    {
        if (all)
            _cli.Run("kill", "--all", id, signal.ToString(CultureInfo.InvariantCulture));
        else
            _cli.Run("kill", id, signal.ToString(CultureInfo.InvariantCulture));
    }

    public void Pause(string id) => _cli.Run("pause", id);

    public void Resume(string id) => _cli.Run("resume", id);

    public IReadOnlyList<int> Processes(string id) =>
        Features.HostProcesses ? Cgroup(id).Pids()
        : throw new NotSupportedException($"{Path.GetFileName(_cli.Executable)} runs the container's processes in its sandbox: they have no host pids");

    public CgroupEvent Stats(string id)
    {
        RequireRunning(id);
        return CgroupEventStream.StatsEvent(Cgroup(id), id);
    }

    public void Update(string id, LinuxResources resources, string? l3CacheSchema, string? memBwSchema)
    {
        if (!Features.Update)
            throw new NotSupportedException($"{Path.GetFileName(_cli.Executable)} cannot change a running container's resources");
        if (l3CacheSchema is not null || memBwSchema is not null)
            throw new NotSupportedException($"{Path.GetFileName(_cli.Executable)} is not asked for Intel RDT schemas by Hull");
        string file = Path.Combine(DirectoryOf(id), $"resources.{Guid.NewGuid():N}.json");
        File.WriteAllBytes(file, SpecJson.Write(resources, LinuxResources.Codec, indented: false));
        try
        {
            _cli.Run("update", "--resources", file, id);
        }
        finally
        {
            File.Delete(file);
        }
    }

    public void Events(string id, TimeSpan interval, Action<CgroupEvent> emit, CancellationToken cancel)
    {
        RequireRunning(id);
        ContainerEventStream.Run(Cgroup(id), id, _inits[id].Init, interval, emit, cancel);
    }

    public int StartExec(string id, Process process, ProcessStdio? stdio, SafeHandle? consoleConnection)
    {
        process.Env ??= SpecLoader.Load(Path.Combine(State(id).Bundle, SpecLoader.ConfigFileName)).Process?.Env;
        string stem = Path.Combine(DirectoryOf(id), $"exec.{Guid.NewGuid():N}");
        try
        {
            File.WriteAllBytes(stem + ".json", SpecJson.Write(process, Process.Codec, indented: false));
            using var console = consoleConnection is null ? null : new ConsoleSocket();
            List<string> arguments = ["exec", "--detach", "--pid-file", stem + ".pid", "--process", stem + ".json"];
            if (console is not null)
                arguments.AddRange(["--console-socket", console.Path]);
            arguments.Add(id);
            _cli.RunWithStdio(stdio, [.. arguments]);
            int pid = int.Parse(File.ReadAllText(stem + ".pid").Trim(), CultureInfo.InvariantCulture);
            console?.ForwardMaster(consoleConnection!);
            return pid;
        }
        finally
        {
            File.Delete(stem + ".json");
            File.Delete(stem + ".pid");
        }
    }

    public void Delete(string id, bool force)
    {
        if (force)
            _cli.Run("delete", "--force", id);
        else
            _cli.Run("delete", id);
        _inits.TryRemove(id, out _);
        RemoveOwnDirectory(id);
    }

    public void Forget(string id) => _inits.TryRemove(id, out _);

    private void TryDelete(string id)
    {
        try
        {
            _cli.Run("delete", "--force", id);
        }
        catch (HullException)
        {
        }
    }

    public OomWatcher WatchOom(string id) => Cgroup(id).WatchOom();

    public ulong OomKillCount(string id) => _inits.TryGetValue(id, out var init) && init.Cgroup is { } cgroup ? cgroup.OomKillCount() : 0;

    /// <summary>
    /// The directory this backend keeps of a container while it exists, beside the runtime's state (whose layout is
    /// the runtime's own): the config it was given, passing files, a monitor's log and exit record.
    /// </summary>
    public string DirectoryOf(string id) => DirectoryOf(_root, id);

    /// <inheritdoc cref="DirectoryOf(string)"/>
    public static string DirectoryOf(string root, string id) => Path.Combine(OwnRoot(root), id);

    /// <summary>The library's own directory beside the runtime's state root <paramref name="root"/>.</summary>
    public static string OwnRoot(string root) => root + ".hull";

    /// <summary>
    /// The bundle the runtime is given: the caller's, or where the config is in memory or its terminal flag is not the
    /// stdio asked for (runc takes it from the config, Hull from the request), a copy in <paramref name="own"/> with
    /// the root path made absolute.
    /// </summary>
    private static string BundleFor(ContainerRequest request, RuntimeSpec spec, string own)
    {
        bool terminal = request.Stdio == StdioMode.Terminal;
        if (request.Spec is null && (spec.Process?.Terminal ?? false) == terminal)
            return Path.GetFullPath(request.Bundle);
        spec = SpecLoader.Copy(spec);
        if (spec.Process is { } process)
            process.Terminal = terminal;
        if (spec.Root is { Path: { } rootPath } root && !Path.IsPathRooted(rootPath))
            root.Path = Path.GetFullPath(Path.Combine(request.Bundle, rootPath));
        SpecLoader.Save(spec, Path.Combine(own, SpecLoader.ConfigFileName));
        return own;
    }

    private void RemoveOwnDirectory(string id)
    {
        string dir = DirectoryOf(id);
        if (Directory.Exists(dir))
            Directory.Delete(dir, recursive: true);
    }

    /// <summary>The cgroupfs cgroup the config names (or the id does), where it does not exist yet; null otherwise.</summary>
    private ICgroupManager? NewCgroupOf(RuntimeSpec spec, string id)
    {
        if (_systemdCgroup)
            return null;
        try
        {
            var cgroup = _cgroupFactory.Value.ForContainer(spec.Linux?.CgroupsPath, id);
            return cgroup.Exists() ? null : cgroup;
        }
        catch (Exception e) when (e is CgroupException or IOException)
        {
            return null;
        }
    }

    /// <summary>The cgroup the init was created in; null where none can be read (rootless without delegation).</summary>
    private ICgroupManager? CgroupOf(int pid)
    {
        try
        {
            return _cgroupFactory.Value.ForProcess(pid);
        }
        catch (Exception e) when (e is CgroupException or IOException)
        {
            return null;
        }
    }

    private ICgroupManager Cgroup(string id) =>
        !_inits.TryGetValue(id, out var init) ? throw new HullException($"container {id} was not created by this host", ErrorKind.NotFound)
        : init.Cgroup ?? throw new CgroupException($"no cgroup of container {id} can be read");

    private void RequireRunning(string id)
    {
        if (State(id).Status == "stopped")
            throw new HullException($"container with id {id} is not running", ErrorKind.InvalidState);
    }
}
