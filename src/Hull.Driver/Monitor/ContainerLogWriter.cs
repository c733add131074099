namespace Hull.Driver.Monitor;

/// <summary>
/// Appends a container's output to its log, and rotates the log once it would pass the size cap: the
/// full file becomes <see cref="MonitorFiles.RotatedLog"/> (replacing the previous one) and a new file starts.
/// </summary>
internal sealed class ContainerLogWriter : IDisposable
{
    private readonly MonitorFiles _files;
    private readonly long _maxSize;
    private readonly Lock _lock = new();
    private FileStream? _log;

    public ContainerLogWriter(MonitorFiles files, long maxSize)
    {
        _files = files;
        _maxSize = Math.Max(maxSize, 1);
        _log = Open(files.Log);
    }

    public void Write(LogStream stream, ReadOnlySpan<byte> data)
    {
        var entries = LogEntry.Split(stream, data, DateTimeOffset.UtcNow);
        lock (_lock)
        {
            foreach (var entry in entries)
            {
                byte[] line = System.Text.Encoding.UTF8.GetBytes(entry.Format());
                try
                {
                    if (_log is { Length: > 0 } && _log.Length + line.Length > _maxSize)
                        Rotate();
                    _log?.Write(line);
                }
                catch (IOException)
                {
                    // The state directory went away (a forced delete): nothing more can be kept.
                    _log?.Dispose();
                    _log = null;
                }
            }
        }
    }

    private void Rotate()
    {
        _log!.Dispose();
        File.Move(_files.Log, _files.RotatedLog, overwrite: true);
        _log = Open(_files.Log);
    }

    private static FileStream Open(string path) => new(path, new FileStreamOptions
    {
        Mode = FileMode.Append,
        Access = FileAccess.Write,
        Share = FileShare.ReadWrite | FileShare.Delete,
        UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        BufferSize = 0,
    });

    public void Dispose()
    {
        lock (_lock)
            _log?.Dispose();
    }
}
