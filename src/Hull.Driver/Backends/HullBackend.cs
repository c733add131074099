using System.Runtime.InteropServices;
using Hull.Cgroups;
using Hull.Runtime;
using Hull.Runtime.Checkpoint;
using Hull.Spec;

namespace Hull.Driver.Backends;

/// <summary>Hull itself, in this process: every call is the runtime's own method, as `hull` runs it.</summary>
internal sealed class HullBackend(ContainerRuntime runtime, string executable) : IContainerBackend
{
    private static readonly BackendFeatures All = new()
    {
        Pause = true, Update = true, IntelRdt = true, OomKills = true, Stats = true, HostProcesses = true, SignalDeaths = true, ExecSignals = true,
        Terminals = true, Checkpoints = true,
    };

    public ContainerRuntime Runtime { get; } = runtime;

    /// <summary>The hull executable container processes are started from.</summary>
    public string Executable { get; } = executable;

    public BackendFeatures Features => All;

    public bool CreateReturnsInit => true;

    public int Create(ContainerRequest request, ProcessStdio? stdio, SafeHandle? consoleConnection) =>
        Runtime.Create(OptionsFor(request, stdio, consoleConnection) with { NoNewKeyring = request.NoNewKeyring }).Pid;

    public void Start(string id) => Runtime.Start(id);

    public void Checkpoint(string id, CheckpointOptions options) => Runtime.Checkpoint(id, options);

    public int Restore(ContainerRequest request, RestoreOptions restore, ProcessStdio? stdio, SafeHandle? consoleConnection) =>
        Runtime.Restore(OptionsFor(request, stdio, consoleConnection), restore).Pid;

    private static CreateOptions OptionsFor(ContainerRequest request, ProcessStdio? stdio, SafeHandle? consoleConnection) => new()
    {
        Id = request.Id,
        Bundle = request.Bundle,
        Spec = request.Spec,
        Terminal = request.Stdio == StdioMode.Terminal,
        PidFile = request.PidFile,
        NoPivot = request.NoPivot,
        Stdio = stdio,
        ConsoleConnection = consoleConnection,
    };

    public string DirectoryOf(string id) => Runtime.DirectoryOf(id);

    public ContainerInfo State(string id) => Runtime.State(id);

    public IReadOnlyList<ContainerInfo> List() => Runtime.List();

    public void Kill(string id, int signal, bool all) => Runtime.Kill(id, signal, all);

    public void Pause(string id) => Runtime.Pause(id);

    public void Resume(string id) => Runtime.Resume(id);

    public IReadOnlyList<int> Processes(string id) => Runtime.Processes(id);

    public CgroupEvent Stats(string id) => Runtime.Stats(id);

    public void Update(string id, LinuxResources resources, string? l3CacheSchema, string? memBwSchema) =>
        Runtime.Update(id, resources, l3CacheSchema, memBwSchema);

    public void Events(string id, TimeSpan interval, Action<CgroupEvent> emit, CancellationToken cancel) =>
        Runtime.Events(id, interval, emit, cancel);

    public int StartExec(string id, Process process, ProcessStdio? stdio, SafeHandle? consoleConnection) =>
        Runtime.StartExec(id, new ExecOptions
        {
            ProcessFromContainer = own =>
            {
                process.Env ??= own.Env;
                return process;
            },
            Stdio = stdio,
            ConsoleConnection = consoleConnection,
        });

    public void Delete(string id, bool force) => Runtime.Delete(id, force);

    public OomWatcher WatchOom(string id) => Runtime.WatchOom(id);

    public ulong OomKillCount(string id) => Runtime.OomKillCount(id);
}
