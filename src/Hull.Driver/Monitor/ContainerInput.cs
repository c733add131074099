using Hull.Linux;
using Microsoft.Win32.SafeHandles;

namespace Hull.Driver.Monitor;

/// <summary>
/// The container's stdin (or terminal) as the monitor writes it: without blocking, with what the container has not
/// read yet kept in order, so a container busy writing output never waits on a monitor busy writing its input.
/// </summary>
internal sealed class ContainerInput : IDisposable
{
    private readonly PendingWrites _pending = new();
    private readonly Action? _close;
    private SafeFileHandle? _handle;
    private bool _closing;

    /// <param name="handle">The pipe's write end or the terminal's master; made non-blocking.</param>
    /// <param name="close">Closes it, sending end-of-file (a pipe); null where closing would hang up (a terminal).</param>
    public ContainerInput(SafeFileHandle handle, Action? close)
    {
        _handle = handle;
        _close = close;
        Syscall.SetNonBlocking(handle);
    }

    /// <summary>The descriptor to poll for writability, while input waits; null otherwise.</summary>
    public SafeFileHandle? Waiting => _pending.IsEmpty ? null : _handle;

    public void Write(byte[] data)
    {
        if (_handle is null || _closing || data.Length == 0)
            return;
        _pending.Add(data);
        Flush();
    }

    /// <summary>Sends end-of-file once everything written before has been taken.</summary>
    public void Close()
    {
        if (_close is null)
            return;
        _closing = true;
        Flush();
    }

    /// <summary>Writes what the container takes now; a container that no longer reads its input loses it.</summary>
    public void Flush()
    {
        if (_handle is null)
            return;
        try
        {
            _pending.WriteTo(_handle);
            if (!_pending.IsEmpty)
                return;
        }
        catch (SyscallException)
        {
            _pending.Clear();
            _closing = _close is not null;
        }
        if (_closing)
            Dispose();
    }

    public void Dispose()
    {
        if (_handle is not null)
            _close?.Invoke();
        _handle = null;
        _pending.Clear();
    }
}
