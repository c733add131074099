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
    /// Starts a monitor (from <paramref name="hullExecutable"/>, in a session of its own) that creates the
    /// container, and returns once the container exists (and, with <see cref="MonitorRequest.Start"/>, runs).
    /// </summary>
    public static MonitoredContainer Launch(MonitorRequest request, string? hullExecutable = null)
    {
        string executable = HullExecutableLocator.Find(hullExecutable);
        var (requestRead, requestWrite) = Syscall.Pipe();
        var (replyRead, replyWrite) = Syscall.Pipe();
        int monitor;
        using (requestRead)
        using (replyWrite)
        using (var nul = Syscall.Open("/dev/null", Syscall.O_RDWR | Syscall.O_CLOEXEC))
        {
            var map = new List<(int From, int To)>
            {
                (Syscall.Dup(nul, 10), 0),
                (Syscall.Dup(nul, 10), 1),
                (Syscall.Dup(nul, 10), 2),
                (Syscall.Dup(requestRead, 10), ContainerMonitor.RequestFd),
                (Syscall.Dup(replyWrite, 10), ContainerMonitor.ReplyFd),
            };
            try
            {
                // It outlives the caller: it must hold nothing of the caller's but what it is given.
                monitor = Syscall.Spawn(executable, ["hull", "monitor"], ChildProgram.CurrentEnvironment(), map, newSession: true, closeFrom: ContainerMonitor.ReplyFd + 1);
            }
            finally
            {
                foreach (var (from, _) in map)
                    Syscall.CloseRaw(from);
            }
        }
        // The monitor is this process's child until this process exits; it is reaped here if it ends first.
        _ = ProcessReaper.Watch(monitor);
        using (var requestStream = new FileStream(requestWrite, FileAccess.Write, 0))
            requestStream.Write(JsonSerializer.SerializeToUtf8Bytes(request, MonitorJsonContext.Default.MonitorRequest));
        MonitorReply? reply;
        using (var replyStream = new FileStream(replyRead, FileAccess.Read, 0))
        {
            using var buffer = new MemoryStream();
            replyStream.CopyTo(buffer);
            reply = buffer.Length == 0 ? null : JsonSerializer.Deserialize(buffer.ToArray(), MonitorJsonContext.Default.MonitorReply);
        }
        if (reply is null)
            throw new HullException($"the monitor of container {request.Id} exited without answering");
        if (reply.Error is not null)
            throw new HullException(reply.Error);
        string directory = request.Runtime is null
            ? new ContainerRuntime(new RuntimeOptions { Root = request.Root }).DirectoryOf(request.Id)
            : Backends.OciRuntimeBackend.DirectoryOf(request.Root, request.Id);
        return Open(directory, request.Id, reply.Pid);
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
        ContainerLogReader.FollowAsync(Files, () => MonitorRunning, cancel);

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
