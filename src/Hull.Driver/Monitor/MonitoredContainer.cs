using System.Runtime.InteropServices;
using System.Text.Json;
using Hull.Linux;
using Hull.Runtime;
using Hull.Runtime.Store;

namespace Hull.Driver.Monitor;

/// <summary>
/// A container held by a monitor process: it keeps running, logging and recording its exit status
/// whether or not the program that launched it is still there. Any process can open one by id.
/// </summary>
public sealed class MonitoredContainer
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan RetryInterval = TimeSpan.FromMilliseconds(5);

    private MonitoredContainer(string id, int pid, MonitorFiles files)
    {
        Id = id;
        Pid = pid;
        Files = files;
    }

    /// <summary>The container's id.</summary>
    public string Id { get; }

    /// <summary>The init's host pid.</summary>
    public int Pid { get; }

    /// <summary>Where the monitor keeps the log, the exit record and the attach socket.</summary>
    public MonitorFiles Files { get; }

    /// <summary>
    /// Hands the container to the monitor of its state directory (started from <paramref name="hullExecutable"/>, in a
    /// session of its own, where none takes containers), which creates it; returns once the container exists (and,
    /// with <see cref="MonitorRequest.Start"/>, runs).
    /// </summary>
    public static MonitoredContainer Launch(MonitorRequest request, string? hullExecutable = null)
    {
        string executable = HullExecutableLocator.Find(hullExecutable);
        var rendezvous = new MonitorRendezvous(request.Runtime is null ? request.Root : Backends.OciRuntimeBackend.OwnRoot(request.Root));
        MonitorReply? replied;
        // A monitor that took its share of containers says so until it has left; the next one is then started.
        do
        {
            replied = Ask(rendezvous, request, executable);
            if (replied?.Retry == true)
                Thread.Sleep(RetryInterval);
        }
        while (replied?.Retry == true);
        if (replied is null)
            throw new HullException($"the monitor of container {request.Id} ended without answering");
        if (replied.Error is not null)
            throw new HullException(replied.Error);
        string directory = request.Runtime is null
            ? new ContainerRuntime(new RuntimeOptions { Root = request.Root }).DirectoryOf(request.Id)
            : Backends.OciRuntimeBackend.DirectoryOf(request.Root, request.Id);
        return Open(directory, request.Id, replied.Pid);
    }

    /// <summary>Sends the request to the monitor taking containers (started if there is none); its reply, null for none.</summary>
    private static MonitorReply? Ask(MonitorRendezvous rendezvous, MonitorRequest request, string executable)
    {
        byte[]? answer;
        using (var connection = rendezvous.Connect(listener => StartMonitor(executable, listener, rendezvous.Directory)))
        {
            Syscall.Write(connection, JsonSerializer.SerializeToUtf8Bytes(request, MonitorJsonContext.Default.MonitorRequest));
            Syscall.ShutdownWrite(connection);
            answer = MonitorRendezvous.ReadMessage(connection, DateTime.MaxValue);
        }
        return answer is not { Length: > 0 } ? null : JsonSerializer.Deserialize(answer, MonitorJsonContext.Default.MonitorReply);
    }

    /// <summary>Starts a monitor serving <paramref name="listener"/>; it outlives the caller, so it holds nothing of the caller's but that.</summary>
    private static void StartMonitor(string executable, SafeHandle listener, string directory)
    {
        int monitor;
        using (var nul = Syscall.Open("/dev/null", Syscall.O_RDWR | Syscall.O_CLOEXEC))
        {
            var map = new List<(int From, int To)>
            {
                (Syscall.Dup(nul, 10), 0),
                (Syscall.Dup(nul, 10), 1),
                (Syscall.Dup(nul, 10), 2),
                (Syscall.Dup(listener, 10), ContainerMonitor.ListenerFd),
            };
            try
            {
                monitor = Syscall.Spawn(executable, ["hull", "monitor", directory], ChildProgram.CurrentEnvironment(), map, newSession: true, closeFrom: ContainerMonitor.ListenerFd + 1);
            }
            finally
            {
                foreach (var (from, _) in map)
                    Syscall.CloseRaw(from);
            }
        }
        // The monitor is this process's child until this process exits; it is reaped here if it ends first.
        _ = ProcessReaper.Watch(monitor);
    }

    /// <summary>The monitored container <paramref name="id"/> in the state directory <paramref name="root"/>.</summary>
    public static MonitoredContainer Open(string root, string id)
    {
        var runtime = new ContainerRuntime(new RuntimeOptions { Root = root });
        return Open(runtime.DirectoryOf(id), id, runtime.State(id).Pid);
    }

    private static MonitoredContainer Open(string directory, string id, int pid)
    {
        var files = new MonitorFiles(directory);
        if (!File.Exists(files.MonitorProcess))
            throw new HullException($"container {id} has no monitor (create it with --monitor)", ErrorKind.InvalidState);
        return new MonitoredContainer(id, pid, files);
    }

    /// <summary>The exit record, once the init has exited; null while it runs.</summary>
    public ExitRecord? Exit => ExitRecord.Read(Files.ExitRecord);

    /// <summary>True while the monitor process runs.</summary>
    public bool MonitorRunning
    {
        get
        {
            string[] fields = File.ReadAllText(Files.MonitorProcess).Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return new ProcessIdentity(int.Parse(fields[0], System.Globalization.CultureInfo.InvariantCulture), ulong.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture)).IsAlive();
        }
    }

    /// <summary>Completes with the exit record once the init has exited and the monitor has recorded it.</summary>
    public async Task<ExitRecord> WaitAsync(CancellationToken cancel = default)
    {
        while (true)
        {
            if (Exit is { } record)
                return record;
            if (!MonitorRunning)
                return Exit ?? throw new HullException($"the monitor of container {Id} ended without recording an exit status");
            await Task.Delay(PollInterval, cancel).ConfigureAwait(false);
        }
    }

    /// <summary>Every log entry kept so far (the rotated file, then the current one).</summary>
    public IEnumerable<LogEntry> ReadLog() => ContainerLogReader.Read(Files);

    /// <summary>The kept log, then new entries as they come, until the monitor ends.</summary>
    public IAsyncEnumerable<LogEntry> FollowLogAsync(CancellationToken cancel = default) =>
        ContainerLogReader.FollowAsync(Files, () => Exit is null && MonitorRunning, cancel);

    /// <summary>Connects to the monitor's attach socket.</summary>
    public AttachSession Attach()
    {
        try
        {
            return new AttachSession(Syscall.ConnectUnix(Files.AttachSocket));
        }
        catch (SyscallException e)
        {
            throw new HullException($"attach to container {Id}: {Errno.Describe(e.Errno)}", ErrorKind.InvalidState, e);
        }
    }
}
