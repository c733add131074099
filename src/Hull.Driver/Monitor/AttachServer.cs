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
    private readonly string _path;
    private readonly ProcessIo _io;
    private readonly ContainerInput? _input;
    private readonly DescriptorLoop _loop;
    private readonly SafeFileHandle _listener;
    private readonly List<SafeFileHandle> _clients = [];

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
            var client = Syscall.Accept(_listener);
            _clients.Add(client);
            _loop.Watch(client, Syscall.EPOLLIN, () => Receive(client));
        }
        catch (SyscallException)
        {
            // The client gave up before it was taken.
        }
    }

    /// <summary>Acts on the next frame of <paramref name="client"/>; a client that went away, or sent nonsense, is dropped.</summary>
    private void Receive(SafeFileHandle client)
    {
        try
        {
            if (AttachFrame.Read(client) is var (type, payload))
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
                return;
            }
        }
        catch (Exception e) when (e is SyscallException or IOException or InvalidDataException)
        {
        }
        Drop(client);
    }

    public void Broadcast(AttachFrameType type, ReadOnlySpan<byte> data)
    {
        foreach (var client in _clients.ToList())
        {
            try
            {
                AttachFrame.Write(client, type, data);
            }
            catch (SyscallException)
            {
                Drop(client);
            }
        }
    }

    private void Drop(SafeFileHandle client)
    {
        _loop.Unwatch(client);
        _clients.Remove(client);
        client.Dispose();
    }

    public void Dispose()
    {
        _loop.Unwatch(_listener);
        _listener.Dispose();
        foreach (var client in _clients.ToList())
            Drop(client);
        try
        {
            File.Delete(_path);
        }
        catch (DirectoryNotFoundException)
        {
            // Deleted with the container.
        }
    }
}
