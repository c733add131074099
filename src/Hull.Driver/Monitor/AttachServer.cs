using System.Buffers.Binary;
using Hull.Linux;
using Microsoft.Win32.SafeHandles;

namespace Hull.Driver.Monitor;

/// <summary>
/// The monitor's attach socket: every client gets the container's output from the moment it connects
/// and may write its stdin, resize its terminal or close its stdin; all are told the exit status.
/// </summary>
internal sealed class AttachServer : IDisposable
{
    private readonly SafeFileHandle _listener;
    private readonly string _path;
    private readonly ProcessIo _io;
    private readonly List<SafeFileHandle> _clients = [];
    private readonly Lock _lock = new();

    public AttachServer(string path, ProcessIo io)
    {
        _path = path;
        _io = io;
        _listener = Syscall.ListenUnix(path);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        new Thread(AcceptLoop) { IsBackground = true, Name = "attach accept" }.Start();
    }

    public void Broadcast(AttachFrameType type, ReadOnlySpan<byte> data)
    {
        lock (_lock)
        {
            foreach (var client in _clients.ToList())
            {
                try
                {
                    AttachFrame.Write(client, type, data);
                }
                catch (SyscallException)
                {
                    _clients.Remove(client);
                    client.Dispose();
                }
            }
        }
    }

    private void AcceptLoop()
    {
        while (true)
        {
            SafeFileHandle client;
            try
            {
                client = Syscall.Accept(_listener);
            }
            catch (SyscallException)
            {
                return;
            }
            lock (_lock)
                _clients.Add(client);
            new Thread(() => Serve(client)) { IsBackground = true, Name = "attach client" }.Start();
        }
    }

    private void Serve(SafeFileHandle client)
    {
        var input = _io.Input ?? _io.Terminal;
        try
        {
            while (AttachFrame.Read(client) is var (type, payload))
            {
                switch (type)
                {
                    case AttachFrameType.Stdin:
                        lock (_io)
                            input?.Write(payload);
                        break;
                    case AttachFrameType.Resize when payload.Length == 4 && _io.Terminal is not null:
                        _io.Resize(BinaryPrimitives.ReadUInt16BigEndian(payload), BinaryPrimitives.ReadUInt16BigEndian(payload.AsSpan(2)));
                        break;
                    case AttachFrameType.CloseStdin:
                        lock (_io)
                            _io.Input?.Dispose();
                        break;
                }
            }
        }
        catch (Exception e) when (e is SyscallException or IOException or ObjectDisposedException or InvalidDataException)
        {
            // A client that goes away, or a container that no longer reads, ends only this session.
        }
        lock (_lock)
            _clients.Remove(client);
        client.Dispose();
    }

    public void Dispose()
    {
        Syscall.Shutdown(_listener);
        _listener.Dispose();
        lock (_lock)
        {
            foreach (var client in _clients)
                client.Dispose();
            _clients.Clear();
        }
        File.Delete(_path);
    }
}
