using System.Buffers.Binary;
using Hull.Linux;
using Microsoft.Win32.SafeHandles;

namespace Hull.Driver.Monitor;

/// <summary>
/// The monitor's attach socket: every client gets the container's output from the moment it connects
/// and may write its stdin, resize its terminal or close its stdin; all are told the exit status.
/// It watches its listener and clients on the monitor's loop, which calls it when they are ready.
/// </summary>
internal sealed class AttachServer : IDisposable
{
    private static readonly TimeSpan FinalDrain = TimeSpan.FromMilliseconds(500);

    private readonly string _path;
    private readonly ProcessIo _io;
    private readonly ContainerInput? _input;
    private readonly DescriptorLoop _loop;
    private readonly SafeFileHandle _listener;
    private readonly List<AttachClient> _clients = [];
    private bool _acceptPaused;
    private bool _closed;

    public AttachServer(string path, ProcessIo io, ContainerInput? input, DescriptorLoop loop)
    {
        _path = path;
        _io = io;
        _input = input;
        _loop = loop;
        _listener = Syscall.ListenUnix(path);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        loop.Watch(_listener, Syscall.EPOLLIN, Accept);
    }

    private void Accept()
    {
        try
        {
            _clients.Add(new AttachClient(Syscall.Accept(_listener), _loop, Act, Drop));
        }
        catch (SyscallException e) when (e.Errno is Errno.EMFILE or Errno.ENFILE)
        {
            // Out of descriptors: a listener left readable would spin the loop; a client leaving makes room.
            _loop.Unwatch(_listener);
            _acceptPaused = true;
        }
        catch (SyscallException)
        {
            // The client gave up before it was taken.
        }
    }

    private void Act(AttachFrameType type, byte[] payload)
    {
        switch (type)
        {
            case AttachFrameType.Stdin:
                _input?.Write(payload);
                break;
            case AttachFrameType.Resize when payload.Length == 4 && _io.Terminal is not null:
                _io.Resize(BinaryPrimitives.ReadUInt16BigEndian(payload), BinaryPrimitives.ReadUInt16BigEndian(payload.AsSpan(2)));
                break;
            case AttachFrameType.CloseStdin:
                _input?.Close();
                break;
        }
    }

    public void Broadcast(AttachFrameType type, ReadOnlySpan<byte> data)
    {
        foreach (var client in _clients.ToList())
            client.Send(type, data);
    }

    private void Drop(AttachClient client)
    {
        if (!_clients.Remove(client))
            return;
        client.Dispose();
        if (_acceptPaused)
        {
            _acceptPaused = false;
            _loop.Watch(_listener, Syscall.EPOLLIN, Accept);
        }
    }

    /// <summary>Closes the listener and, once they have what is queued for them (briefly), the clients.</summary>
    /// <param name="removeSocket">Removes the socket's path too; not when it may be another container's by now.</param>
    public void Close(bool removeSocket)
    {
        if (_closed)
            return;
        _closed = true;
        _loop.Unwatch(_listener);
        _listener.Dispose();
        var deadline = DateTime.UtcNow + FinalDrain;
        foreach (var client in _clients.ToList())
        {
            client.Drain(deadline);
            client.Dispose();
        }
        _clients.Clear();
        if (!removeSocket)
            return;
        try
        {
            File.Delete(_path);
        }
        catch (DirectoryNotFoundException)
        {
            // Deleted with the container.
        }
    }

    public void Dispose() => Close(removeSocket: true);
}
