using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.InteropServices;
using Hull.Cgroups;
using Hull.Linux;
using Hull.Runtime;
using Hull.Runtime.Checkpoint;
using Hull.Runtime.Store;
using Hull.Spec;
using Microsoft.Win32.SafeHandles;

namespace Hull.Driver.Backends;

/// <summary>
/// LXC's tools as Docker's LXC driver used them: the OCI config translated into an LXC configuration (see
/// <see cref="LxcConfig"/>) and run by `lxc-execute` (LXC's init as pid 1, the process under it, the stdio passed
/// through, its exit status returned), the state read with `lxc-info`, exec through `lxc-attach`. Create starts a
/// gate that holds `lxc-execute` back until start, so create and start stay two steps.
/// </summary>
internal sealed class LxcBackend : IContainerBackend
{
    private static readonly BackendFeatures Supported = new()
    {
        Pause = true, Update = false, IntelRdt = false, OomKills = false, Stats = true, HostProcesses = true, SignalDeaths = false, ExecSignals = true,
        Terminals = false, Checkpoints = false,
    };

    public bool CreateReturnsInit => false;

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(10);
    private static readonly string[] Environment = ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"];

    private readonly string _tools;
    private readonly string _path;
    private readonly Lazy<CgroupFactory> _cgroupFactory = new(() => new CgroupFactory());
    private readonly ConcurrentDictionary<string, Record> _containers = new(StringComparer.Ordinal);

    public LxcBackend(string tools, string lxcPath)
    {
        _tools = tools;
        _path = lxcPath;
        Directory.CreateDirectory(lxcPath);
        // lxc-execute's own processes are reparented here when a container is stopped from outside.
        ProcessReaper.SweepOrphans();
    }

    /// <summary>LXC 5.0 cannot freeze a container on the hybrid layout.</summary>
    public BackendFeatures Features => _cgroupFactory.Value.Layout == CgroupLayout.Hybrid ? Supported with { Pause = false } : Supported;

    public int Create(ContainerRequest request, ProcessStdio? stdio, SafeHandle? consoleConnection)
    {
        ContainerId.Validate(request.Id);
        if (consoleConnection is not null)
            throw new NotSupportedException("LXC cannot be given a terminal for the process here");
        string own = DirectoryOf(request.Id);
        if (_containers.ContainsKey(request.Id) || Directory.Exists(own))
            throw new HullException($"container with id {request.Id} already exists", ErrorKind.AlreadyExists);
        var spec = request.Spec ?? SpecLoader.Load(Path.Combine(request.Bundle, SpecLoader.ConfigFileName));
        var args = spec.Process?.Args is { Count: > 0 } a ? a : throw new HullException("the config has no process args", ErrorKind.InvalidArgument);
        string config = LxcConfig.For(spec, Path.GetFullPath(request.Bundle), _cgroupFactory.Value.Layout == CgroupLayout.V2);
        Directory.CreateDirectory(own);
        try
        {
            File.WriteAllText(Path.Combine(own, "config"), config);
            var (gateRead, gateWrite) = Syscall.Pipe();
            int pid;
            using (gateRead)
            using (var nul = Syscall.Open("/dev/null", Syscall.O_RDWR | Syscall.O_CLOEXEC))
            try
            {
                // The gate: a shell that waits for start's line, then becomes lxc-execute (same pid, a child of this process).
                pid = Syscall.Spawn("/bin/sh",
                    ["sh", "-c", "read -r _ <&3 && exec 3<&- \"$0\" \"$@\"", Tool("lxc-execute"), "-n", request.Id, "-P", _path, "-f", Path.Combine(own, "config"),
                        "-o", Path.Combine(own, "lxc.log"), "-l", "ERROR", "-q", "--", .. args],
                    Environment,
                    [.. StdioMap.Of(stdio, nul), (gateRead.DangerousGetHandle().ToInt32(), 3)],
                    closeFrom: 4);
            }
            catch
            {
                gateWrite.Dispose();
                throw;
            }
            // A child of this process: it exists (if only as a zombie) until this host reaps it.
            _containers[request.Id] = new Record(ProcessIdentity.Of(pid)!.Value, gateWrite, Path.GetFullPath(request.Bundle), DateTimeOffset.UtcNow);
            return pid;
        }
        catch
        {
            Directory.Delete(own, recursive: true);
            throw;
        }
    }

    public void Checkpoint(string id, CheckpointOptions options) => throw NoCheckpoints;

    public int Restore(ContainerRequest request, RestoreOptions restore, ProcessStdio? stdio, SafeHandle? consoleConnection) => throw NoCheckpoints;

    private static NotSupportedException NoCheckpoints => new("the library checkpoints and restores containers with Hull's backend, not LXC's");

    public void Start(string id)
    {
        var record = Find(id);
        if (record.Gate is null)
            throw new HullException("cannot start a container that has already been started", ErrorKind.InvalidState);
        Syscall.Write(record.Gate, "\n"u8);
        record.Gate.Dispose();
        record.Gate = null;
        // Running once LXC says so, or already gone: then LXC's log tells whether it could not start it.
        var deadline = DateTime.UtcNow + StartTimeout;
        while (Info(id, "-s") != "RUNNING")
        {
            if (!record.Launcher.IsAlive())
            {
                if (StartError(id) is { } error)
                    throw new HullException(error);
                return;
            }
            if (DateTime.UtcNow > deadline)
                throw new HullException($"container {id} did not reach RUNNING in {StartTimeout.TotalSeconds:0} s");
            Thread.Sleep(5);
        }
    }

    /// <summary>The first error LXC logged for the container (the cause; what follows are its consequences), or null.</summary>
    private string? StartError(string id)
    {
        string log = Path.Combine(DirectoryOf(id), "lxc.log");
        return File.Exists(log) && File.ReadLines(log).FirstOrDefault(l => l.Contains(" ERROR ", StringComparison.Ordinal)) is { } line
            ? "lxc-execute: " + line[(line.IndexOf(" - ", StringComparison.Ordinal) is int dash and >= 0 ? dash + 3 : 0)..]
            : null;
    }

    public string DirectoryOf(string id) => Path.Combine(_path + ".hull", id);

    public ContainerInfo State(string id)
    {
        var record = Find(id);
        string status = !record.Launcher.IsAlive() ? "stopped"
            : record.Gate is not null ? "created"
            : Info(id, "-s") switch { "RUNNING" or "STARTING" => "running", "FROZEN" or "FREEZING" => "paused", _ => "stopped" };
        return new ContainerInfo
        {
            Id = id,
            Pid = status == "stopped" ? 0 : InitPid(id, record),
            Status = status,
            Bundle = record.Bundle,
            Created = record.Created,
        };
    }

    public IReadOnlyList<ContainerInfo> List() => [.. _containers.Keys.Order(StringComparer.Ordinal).Select(State)];

    /// <summary>
    /// The process is the child of LXC's init, which passes on what it can take but dies itself of a SIGKILL: the
    /// signal goes to the process, as it goes to a runc container's init, and with <paramref name="all"/> to every
    /// process but LXC's init, which exits with the process's status once they are gone.
    /// </summary>
    public void Kill(string id, int signal, bool all)
    {
        var record = Find(id);
        var targets = record.Gate is not null ? [record.Launcher.Pid]
            : all ? Processes(id).Where(pid => pid != InitPid(id, record)).ToList()
            : [ProcessPid(id, record)];
        foreach (int pid in targets)
            Syscall.Kill(pid, signal);
    }

    private int ProcessPid(string id, Record record)
    {
        int init = InitPid(id, record);
        string? children = Syscall.ReadSmallFile($"/proc/{init}/task/{init}/children");
        return children?.Split(' ', StringSplitOptions.RemoveEmptyEntries) is [var first, ..] ? int.Parse(first, CultureInfo.InvariantCulture) : init;
    }

    public void Pause(string id) => Tool(id, "lxc-freeze");

    public void Resume(string id) => Tool(id, "lxc-unfreeze");

    public IReadOnlyList<int> Processes(string id) => Cgroup(id).Pids();

    public CgroupEvent Stats(string id) => CgroupEventStream.StatsEvent(Cgroup(id), id);

    public void Update(string id, LinuxResources resources, string? l3CacheSchema, string? memBwSchema) =>
        throw new NotSupportedException("Hull does not change an LXC container's limits while it runs");

    public void Events(string id, TimeSpan interval, Action<CgroupEvent> emit, CancellationToken cancel) =>
        ContainerEventStream.Run(Cgroup(id), id, Find(id).Launcher, interval, emit, cancel);

    public int StartExec(string id, Process process, ProcessStdio? stdio, SafeHandle? consoleConnection)
    {
        if (consoleConnection is not null)
            throw new NotSupportedException("LXC cannot be given a terminal for an exec session here");
        if (State(id).Status != "running")
            throw new HullException("cannot exec in a container that is not running", ErrorKind.InvalidState);
        var args = process.Args is { Count: > 0 } a ? a : throw new HullException("the process has no args", ErrorKind.InvalidArgument);
        List<string> argv = [Tool("lxc-attach"), "-n", id, "-P", _path, "--clear-env"];
        foreach (string variable in process.Env ?? [])
            argv.AddRange(["-v", variable]);
        if (process.User is { } user)
            argv.AddRange(["-u", (user.Uid ?? 0).ToString(CultureInfo.InvariantCulture), "-g", (user.Gid ?? 0).ToString(CultureInfo.InvariantCulture)]);
        // lxc-attach keeps the caller's directory where the container has one of that name: the session's own cwd.
        argv.AddRange(["--", "/bin/sh", "-c", "cd -- \"$0\" && exec \"$@\"", process.Cwd ?? "/", .. args]);
        using var nul = Syscall.Open("/dev/null", Syscall.O_RDWR | Syscall.O_CLOEXEC);
        return Syscall.Spawn(argv[0], argv, Environment, StdioMap.Of(stdio, nul), closeFrom: 3);
    }

    public void Delete(string id, bool force)
    {
        var record = Find(id);
        if (!force && State(id).Status is "running" or "paused")
            throw new HullException("cannot delete container that is not stopped: running", ErrorKind.InvalidState);
        if (record.Gate is null && record.Launcher.IsAlive())
        {
            if (Info(id, "-s") is "FROZEN" or "FREEZING")
                Tool(id, "lxc-unfreeze");
            TryTool(id, "lxc-stop", "--kill", "--nolock");
        }
        Syscall.Kill(record.Launcher.Pid, Syscall.SIGKILL);
        record.Gate?.Dispose();
        _containers.TryRemove(id, out _);
        if (Directory.Exists(DirectoryOf(id)))
            Directory.Delete(DirectoryOf(id), recursive: true);
        if (Directory.Exists(Path.Combine(_path, id)))
            Directory.Delete(Path.Combine(_path, id), recursive: true);
    }

    public OomWatcher WatchOom(string id) => throw new CgroupException("LXC's cgroup is made at start, after the watcher would be");

    public ulong OomKillCount(string id) => 0;

    private Record Find(string id) =>
        _containers.TryGetValue(id, out var record) ? record : throw HullException.NotFound();

    private int InitPid(string id, Record record) =>
        record.Gate is null && int.TryParse(Info(id, "-p"), CultureInfo.InvariantCulture, out int pid) ? pid : record.Launcher.Pid;

    private ICgroupManager Cgroup(string id)
    {
        var record = Find(id);
        if (record.Gate is not null || !record.Launcher.IsAlive())
            throw new HullException($"container with id {id} is not running", ErrorKind.InvalidState);
        return record.Cgroup ??= _cgroupFactory.Value.ForProcess(InitPid(id, record));
    }

    /// <summary>One field of `lxc-info` (-s the state, -p the init's pid), without its label; "" when LXC has none.</summary>
    private string Info(string id, string field)
    {
        var (status, output) = ChildProgram.Run(Tool("lxc-info"), [Tool("lxc-info"), "-n", id, "-P", _path, field, "-H"], 1);
        return WaitStatus.Succeeded(status) ? output.Trim() : "";
    }

    private void Tool(string id, string tool, params string[] arguments)
    {
        var (status, output) = ChildProgram.Run(Tool(tool), [Tool(tool), "-n", id, "-P", _path, .. arguments], 1, 2);
        if (!WaitStatus.Succeeded(status))
            throw new HullException($"{tool}: {output.Trim()}");
    }

    private void TryTool(string id, string tool, params string[] arguments)
    {
        try
        {
            Tool(id, tool, arguments);
        }
        catch (HullException)
        {
        }
    }

    private string Tool(string name) => Path.Combine(_tools, name);

    private sealed class Record(ProcessIdentity launcher, SafeFileHandle gate, string bundle, DateTimeOffset created)
    {
        /// <summary>The gate, then lxc-execute (the same process): what this host waits for.</summary>
        public ProcessIdentity Launcher { get; } = launcher;

        public SafeFileHandle? Gate { get; set; } = gate;

        public string Bundle { get; } = bundle;

        public DateTimeOffset Created { get; } = created;

        public ICgroupManager? Cgroup { get; set; }
    }
}
