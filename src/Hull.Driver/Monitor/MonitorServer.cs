using System.Text.Json;
using Hull.Linux;
using Hull.Spec;
using Microsoft.Win32.SafeHandles;

namespace Hull.Driver.Monitor;

/// <summary>
/// The monitor process's work (see <see cref="ContainerMonitor"/>), conmon's job for many containers at once: launchers of one state directory
/// connect to it (<see cref="MonitorRendezvous"/>) and it creates each container with its stdio on pipes (or a
/// terminal) it holds, answers, then logs the output, serves attach, reaps the init and records its exit status,
/// all on one loop on its main thread. It runs in a session of its own, outlives its launchers, and ends when it
/// holds no container; it stops taking new ones when half its descriptors are in use, and the next launcher starts
/// another. One process per container costs the .NET runtime's own threads and heap each time; shared, a container
/// costs its descriptors and buffers.
/// </summary>
internal sealed class MonitorServer : IDisposable
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(2);

    /// <summary>How soon to ask again whether it may end while a launcher holds the lock.</summary>
    private const int LeaveRetryMs = 20;

    /// <summary>How long the loop must have been quiet after a container was taken before the setup's garbage is collected.</summary>
    private const int SettleMs = 100;

    private readonly MonitorRendezvous _rendezvous;
    private readonly DescriptorLoop _loop = new();
    private readonly List<ServedContainer> _served = [];
    private readonly Dictionary<string, ContainerHost> _hosts = [];
    private readonly byte[] _buffer = new byte[16 * 1024];
    private readonly ulong _descriptorLimit = Syscall.OpenFileLimit();
    private SafeFileHandle? _listener;
    private bool _settle;
    private bool _full;

    public MonitorServer(string directory, SafeFileHandle listener)
    {
        _rendezvous = new MonitorRendezvous(directory);
        _listener = listener;
    }

    /// <summary>Serves until it holds no container and has left the rendezvous.</summary>
    public void Serve()
    {
        _loop.Watch(ProcessReaper.Readable, Syscall.EPOLLIN, () => ProcessReaper.Dispatch());
        _loop.Watch(_listener!, Syscall.EPOLLIN, Answer);
        while (_served.Count > 0 || !Leave())
        {
            int ran = _loop.RunOnce(Timeout());
            if (ProcessReaper.DispatchDueInMilliseconds == 0)
                ProcessReaper.Dispatch();
            if (_full)
                Leave();
            for (int i = _served.Count - 1; i >= 0; i--)
            {
                var served = _served[i];
                try
                {
                    served.FollowInput();
                    if (!served.Finished)
                        continue;
                    _served.RemoveAt(i);
                    served.Record();
                }
                catch (Exception)
                {
                    // Whatever went wrong is this container's alone: the monitor serves the others on.
                    _served.Remove(served);
                }
                served.Dispose();
                if (!Serves(served.Id, served.Host))
                    served.Host.Forget(served.Id);
            }
            if (_settle && ran == 0)
                Settle();
        }
    }

    private int Timeout()
    {
        int timeout = -1;
        void Sooner(int due)
        {
            if (due >= 0 && (timeout < 0 || due < timeout))
                timeout = due;
        }
        Sooner(ProcessReaper.DispatchDueInMilliseconds);
        foreach (var served in _served)
            Sooner(served.DueInMilliseconds);
        if (_settle)
            Sooner(SettleMs);
        if (_served.Count == 0 || (_full && _listener is not null))
            Sooner(LeaveRetryMs);
        return timeout;
    }

    /// <summary>
    /// Stops taking containers (already so when it has no listener); false while a launcher holds the lock or has
    /// connected (never waited for: a launcher may be waiting for this loop to take its connection).
    /// </summary>
    private bool Leave()
    {
        if (_listener is null)
            return true;
        if (!_rendezvous.TryLeave(_listener))
            return false;
        _loop.Unwatch(_listener);
        _listener.Dispose();
        _listener = null;
        return true;
    }

    /// <summary>
    /// Takes the next connection's request: the container is created (or restored) and served, or the launcher told
    /// why not. With half its descriptors in use, the monitor takes no more: launchers are told to ask again until it
    /// has left, and the next one starts another.
    /// </summary>
    private void Answer()
    {
        SafeFileHandle connection;
        try
        {
            connection = Syscall.Accept(_listener!);
        }
        catch (SyscallException e)
        {
            // Out of descriptors, the listener would stay readable: leave.
            _full |= e.Errno is Errno.EMFILE or Errno.ENFILE;
            return;
        }
        using (connection)
        {
            if (ReadRequest(connection) is not { } request)
                return;
            var reply = _full ? new MonitorReply { Retry = true } : Take(request);
            try
            {
                Syscall.Write(connection, JsonSerializer.SerializeToUtf8Bytes(reply, MonitorJsonContext.Default.MonitorReply));
            }
            catch (SyscallException)
            {
                // The launcher is gone: the container lives on regardless.
            }
        }
        _full |= (ulong)Directory.EnumerateFileSystemEntries("/proc/self/fd").Count() * 2 > _descriptorLimit;
    }

    /// <summary>The request a launcher sends, up to its end of writing; null for one that sends nothing usable in time.</summary>
    private static MonitorRequest? ReadRequest(SafeFileHandle connection)
    {
        try
        {
            return MonitorRendezvous.ReadMessage(connection, DateTime.UtcNow + RequestTimeout) is { } message
                ? JsonSerializer.Deserialize(message, MonitorJsonContext.Default.MonitorRequest)
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private MonitorReply Take(MonitorRequest request)
    {
        Container? container = null;
        ServedContainer? served = null;
        try
        {
            var host = HostFor(request);
            if (Serves(request.Id, host))
            {
                // Deleted and made again while its exit is still being drained: the host's record of it is stale.
                host.Forget(request.Id);
            }
            var spec = request.SpecJson is null
                ? SpecLoader.Load(Path.Combine(request.Bundle, "config.json"))
                : SpecLoader.Parse(request.SpecJson);
            var containerRequest = new ContainerRequest
            {
                Id = request.Id,
                Bundle = request.Bundle,
                Spec = spec,
                Stdio = spec.Process?.Terminal == true ? StdioMode.Terminal : StdioMode.Pipes,
                PidFile = request.PidFile,
                NoPivot = request.NoPivot,
                NoNewKeyring = request.NoNewKeyring,
            };
            container = request.Restore is { } restore ? host.Restore(containerRequest, restore) : host.Create(containerRequest);
            var files = new MonitorFiles(host.DirectoryOf(request.Id));
            if (request.Restore is { } restored)
                files.TakeLogs(restored.ImagePath);
            served = ServedContainer.Take(container, host, files, _loop, request.LogMaxSize, _buffer);
            // Output written before the loop reads it waits in the pipe or terminal: none is lost.
            if (request.Start && request.Restore is null)
                container.Start();
        }
        catch (Exception e)
        {
            // Whatever failed, and however: nothing may outlive a monitor that could not take the container over.
            served?.Dispose();
            try
            {
                if (container is not null)
                    Complete(container.DestroyAsync());
            }
            catch (Exception cleanup)
            {
                return new MonitorReply { Error = $"{e.Message} (and removing the container failed: {cleanup.Message})" };
            }
            return new MonitorReply { Error = e.Message };
        }
        _served.Add(served);
        _settle = true;
        return new MonitorReply { Pid = container.Pid };
    }

    /// <summary>Whether a container of <paramref name="host"/> with id <paramref name="id"/> is still being served.</summary>
    private bool Serves(string id, ContainerHost host) => _served.Any(s => s.Id == id && s.Host == host);

    /// <summary>Waits for a task that needs the reaper, which runs on this thread.</summary>
    private static void Complete(Task task)
    {
        while (!task.IsCompleted)
            ProcessReaper.Dispatch(timeoutMs: 10);
        task.GetAwaiter().GetResult();
    }

    /// <summary>One host per way of running containers the launchers ask for (Hull or a runtime binary, its root, its cgroup driver).</summary>
    private ContainerHost HostFor(MonitorRequest request)
    {
        string key = string.Join('\0', [request.Runtime ?? "", request.Root, request.SystemdCgroup ? "systemd" : "", request.Rootless ? "rootless" : "", .. request.RuntimeArguments ?? []]);
        if (_hosts.TryGetValue(key, out var host))
            return host;
        var options = new HostOptions
        {
            Backend = request.Runtime is null ? ContainerBackend.Hull : ContainerBackend.OciRuntime(request.Runtime, request.Root, [.. request.RuntimeArguments ?? []]),
            Root = request.Root,
            SystemdCgroup = request.SystemdCgroup,
            Rootless = request.Rootless,
            HullExecutable = "/proc/self/exe",
        };
        return _hosts[key] = new ContainerHost(options);
    }

    /// <summary>
    /// What setting containers up took (configs, the runtime's work, the code that did it) is garbage for the rest of
    /// their lives: the monitor keeps only what serving them needs.
    /// </summary>
    private void Settle()
    {
        _settle = false;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        Syscall.ReleaseReadOnlyFilePages();
    }

    public void Dispose()
    {
        foreach (var served in _served)
            served.Dispose();
        _listener?.Dispose();
        _loop.Dispose();
    }
}
