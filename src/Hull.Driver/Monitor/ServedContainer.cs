using System.Text.Json;
using Hull.Linux;
using Hull.Runtime.Store;
using Microsoft.Win32.SafeHandles;

namespace Hull.Driver.Monitor;

/// <summary>
/// One container a monitor holds, from its creation to its exit record: its output copied to the log and the attach
/// clients, its input fed from them, its init watched. The monitor's loop runs it; it ends once the init has exited,
/// its output is drained (or the grace for it has passed: a process the init left behind may hold it open) and its
/// status is recorded.
/// </summary>
internal sealed class ServedContainer : IDisposable
{
    private static readonly TimeSpan OutputGrace = TimeSpan.FromSeconds(2);

    /// <summary>What each container's monitor.pid says: this process, "pid starttime".</summary>
    private static readonly string MonitorIdentity = $"{Environment.ProcessId} {ProcessIdentity.ReadStartTime(Environment.ProcessId)}\n";

    private readonly Container _container;
    private readonly MonitorFiles _files;
    private readonly DescriptorLoop _loop;
    private readonly ContainerLogWriter _log;
    private readonly ContainerInput? _input;
    private readonly SafeFileHandle? _inputHandle;
    private readonly AttachServer _attach;
    private readonly SafeFileHandle? _init;
    private readonly List<SafeFileHandle> _outputs = [];
    private readonly byte[] _buffer;
    private readonly Task<ExitStatus> _exited;
    private readonly ulong _directory;
    private DateTime? _drainUntil;

    private ServedContainer(Container container, ContainerHost host, MonitorFiles files, DescriptorLoop loop, long logMaxSize, byte[] buffer)
    {
        _container = container;
        Host = host;
        _files = files;
        _loop = loop;
        _buffer = buffer;
        _directory = Syscall.Stat(files.Directory).Inode;
        _log = new ContainerLogWriter(files, logMaxSize);
        try
        {
            var (input, output, error) = container.Io.Handles;
            if (input is not null)
            {
                // A terminal's master is also the output, and epoll takes a descriptor once: the input gets its own.
                _inputHandle = container.Io.Terminal is null ? input : new SafeFileHandle(Syscall.Dup(input, 3), ownsHandle: true);
                _input = new ContainerInput(_inputHandle, container.Io.Terminal is null ? container.Io.Input!.Dispose : null);
            }
            _attach = new AttachServer(files.AttachSocket, container.Io, _input, loop);
            foreach (var (handle, stream, frame) in new[] { (output, LogStream.Stdout, AttachFrameType.Stdout), (error, LogStream.Stderr, AttachFrameType.Stderr) })
            {
                if (handle is null)
                    continue;
                _outputs.Add(handle);
                loop.Watch(handle, Syscall.EPOLLIN, () => Copy(handle, stream, frame));
            }
            // Null when the init is already gone.
            _init = Syscall.PidfdOpen(container.Pid);
            if (_init is null)
                _drainUntil = DateTime.UtcNow + OutputGrace;
            else
                loop.Watch(_init, Syscall.EPOLLIN, InitExited);
            _exited = container.WaitAsync();
            // The status is known on a thread of the pool, after the reaper's round: the loop looks again then.
            _exited.ContinueWith(_ => loop.Wake(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>
    /// Takes over <paramref name="container"/>, just created or restored: records the monitor as its monitor and
    /// starts serving it on <paramref name="loop"/>.
    /// </summary>
    public static ServedContainer Take(Container container, ContainerHost host, MonitorFiles files, DescriptorLoop loop, long logMaxSize, byte[] buffer)
    {
        File.WriteAllText(files.MonitorProcess, MonitorIdentity);
        return new ServedContainer(container, host, files, loop, logMaxSize, buffer);
    }

    /// <summary>The host that made the container.</summary>
    public ContainerHost Host { get; }

    /// <summary>Milliseconds until the output's grace ends once the init has exited; negative while it runs.</summary>
    public int DueInMilliseconds =>
        _drainUntil is { } until && _outputs.Count > 0 ? Math.Max(0, (int)(until - DateTime.UtcNow).TotalMilliseconds) : -1;

    /// <summary>True once the init has exited, its output is drained or given up on, and its status is known.</summary>
    public bool Finished =>
        _drainUntil is { } until && (_outputs.Count == 0 || DateTime.UtcNow >= until) && _exited.IsCompleted;

    /// <summary>Watches the input for room while attach clients' input waits for the container to read it.</summary>
    public void FollowInput()
    {
        var waiting = _input?.Waiting;
        if (waiting is not null && !_loop.IsWatched(waiting))
            _loop.Watch(waiting, Syscall.EPOLLOUT, _input!.Flush);
        else if (waiting is null && _inputHandle is not null && _loop.IsWatched(_inputHandle))
            _loop.Unwatch(_inputHandle);
    }

    /// <summary>The container's id.</summary>
    public string Id => _container.Id;

    /// <summary>
    /// Writes the exit record and tells the attach clients. A container deleted meanwhile has nobody left to read the
    /// record, and its directory may hold another container of the same id by now.
    /// </summary>
    public void Record()
    {
        var record = ExitRecord.From(_exited.GetAwaiter().GetResult());
        if (StillInItsDirectory())
        {
            try
            {
                record.Write(_files.ExitRecord);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }
        _attach.Broadcast(AttachFrameType.Exit, JsonSerializer.SerializeToUtf8Bytes(record, MonitorJsonContext.Default.ExitRecord));
    }

    private bool StillInItsDirectory() => Syscall.TryStat(_files.Directory)?.Inode == _directory;

    private void InitExited()
    {
        _loop.Unwatch(_init!);
        _drainUntil = DateTime.UtcNow + OutputGrace;
    }

    /// <summary>Copies what one output has now; at its end (or a terminal's EIO once nothing holds it) it is dropped.</summary>
    private void Copy(SafeFileHandle output, LogStream stream, AttachFrameType frame)
    {
        int? n;
        try
        {
            n = Syscall.Read(output, _buffer);
        }
        catch (SyscallException)
        {
            n = 0;
        }
        if (n is null)
            return;
        if (n == 0)
        {
            _loop.Unwatch(output);
            _outputs.Remove(output);
            return;
        }
        _log.Write(stream, _buffer.AsSpan(0, n.Value));
        _attach.Broadcast(frame, _buffer.AsSpan(0, n.Value));
    }

    public void Dispose()
    {
        foreach (var output in _outputs)
            _loop.Unwatch(output);
        if (_init is not null)
        {
            _loop.Unwatch(_init);
            _init.Dispose();
        }
        if (_inputHandle is not null)
            _loop.Unwatch(_inputHandle);
        _attach?.Close(removeSocket: StillInItsDirectory());
        _input?.Dispose();
        if (_container.Io.Terminal is not null)
            _inputHandle?.Dispose();
        _log.Dispose();
        _container.Io.Dispose();
    }
}
