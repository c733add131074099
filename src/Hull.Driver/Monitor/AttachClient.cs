using Hull.Linux;
using Microsoft.Win32.SafeHandles;

namespace Hull.Driver.Monitor;

/// <summary>
/// One attach client on the monitor's loop, which it never blocks (the loop serves every container of the monitor):
/// frames are taken as their bytes arrive, and output the client's socket cannot take now waits in a bounded queue. A
/// client that stops reading for longer than that is dropped; the container's log keeps everything.
/// </summary>
internal sealed class AttachClient : IDisposable
{
    private const int MaxQueued = 4 << 20;
    private const int ReadSize = 16 * 1024;

    private readonly DescriptorLoop _loop;
    private readonly Action<AttachFrameType, byte[]> _received;
    private readonly Action<AttachClient> _gone;
    private readonly PendingWrites _output = new();
    private byte[] _input = new byte[ReadSize];
    private int _inputLength;

    /// <param name="socket">The accepted connection; made non-blocking.</param>
    /// <param name="loop">The monitor's loop.</param>
    /// <param name="received">Runs for each whole frame the client sends.</param>
    /// <param name="gone">Runs once when the client has gone, sent nonsense or fallen too far behind.</param>
    public AttachClient(SafeFileHandle socket, DescriptorLoop loop, Action<AttachFrameType, byte[]> received, Action<AttachClient> gone)
    {
        Socket = socket;
        _loop = loop;
        _received = received;
        _gone = gone;
        Syscall.SetNonBlocking(socket);
        loop.Watch(socket, Syscall.EPOLLIN, Ready);
    }

    public SafeFileHandle Socket { get; }

    /// <summary>Sends a frame now, or queues it while the socket is full.</summary>
    public void Send(AttachFrameType type, ReadOnlySpan<byte> payload)
    {
        bool waiting = !_output.IsEmpty;
        _output.Add(AttachFrame.Encode(type, payload));
        try
        {
            if (!waiting)
                _output.WriteTo(Socket);
        }
        catch (SyscallException)
        {
            _gone(this);
            return;
        }
        if (_output.Length > MaxQueued)
            _gone(this);
        else if (!waiting && !_output.IsEmpty)
            _loop.Change(Socket, Syscall.EPOLLIN | Syscall.EPOLLOUT);
    }

    /// <summary>Gives what is still queued up to <paramref name="deadline"/> to a client that reads it (the exit frame, last).</summary>
    public void Drain(DateTime deadline)
    {
        try
        {
            while (!_output.IsEmpty && _output.WriteTo(Socket) == 0)
            {
                int left = (int)(deadline - DateTime.UtcNow).TotalMilliseconds;
                if (left <= 0 || Syscall.Poll([Socket], Syscall.POLLOUT, left)[0] == 0)
                    return;
            }
        }
        catch (SyscallException)
        {
        }
    }

    /// <summary>Readable, or writable while output waits: both are tried, neither blocks.</summary>
    private void Ready()
    {
        try
        {
            if (!_output.IsEmpty && _output.WriteTo(Socket) > 0 && _output.IsEmpty)
                _loop.Change(Socket, Syscall.EPOLLIN);
            Receive();
        }
        catch (Exception e) when (e is SyscallException or InvalidDataException)
        {
            _gone(this);
        }
    }

    /// <summary>One read (fair to the other descriptors of the loop), then every whole frame it completed.</summary>
    private void Receive()
    {
        if (_input.Length - _inputLength < ReadSize)
            Array.Resize(ref _input, _input.Length * 2);
        int? n = Syscall.Read(Socket, _input.AsSpan(_inputLength));
        if (n is null)
            return;
        if (n == 0)
        {
            _gone(this);
            return;
        }
        _inputLength += n.Value;
        int start = 0;
        while (AttachFrame.Decode(_input.AsSpan(start, _inputLength - start)) is var (type, payload, length))
        {
            start += length;
            _received(type, payload);
        }
        Buffer.BlockCopy(_input, start, _input, 0, _inputLength - start);
        _inputLength -= start;
    }

    public void Dispose()
    {
        _loop.Unwatch(Socket);
        Socket.Dispose();
    }
}
