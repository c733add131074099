using System.Buffers.Binary;
using Hull.Linux;
using Microsoft.Win32.SafeHandles;

namespace Hull.Driver.Monitor;

/// <summary>
/// The monitor's attach socket: every client gets the container's output from the moment it connects
/// and may write its stdin, resize its terminal or close its stdin; all are told the exit status.
/// It does nothing on its own: the monitor's loop calls it when its descriptors are ready.
/// </summary>
internal sealed class AttachServer : IDisposable
{
    private readonly string _path;
    private readonly ProcessIo _io;
    private readonly ContainerInput? _input;
    private readonly List<SafeFileHandle> _clients = [];

    public AttachServer(string path, ProcessIo io, ContainerInput? input)
    {
        _path = path;
        _io = io;
        _input = input;
        Listener = Syscall.ListenUnix(path);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    /// <summary>Readable when a client connects.</summary>
    public SafeFileHandle Listener { get; }

    /// <summary>The connected clients, each readable when it sends a frame or goes away.</summary>
    public IReadOnlyList<SafeFileHandle> Clients => _clients;

    public void Accept()
    {
        try
        {
            _clients.Add(Syscall.Accept(Listener));
        }
        catch (SyscallException)
        {
            // The client gave up before it was taken.
        }
    }

    /// <summary>Acts on the next frame of <paramref name="client"/>; a client that went away, or sent nonsense, is dropped.</summary>
    public void Receive(SafeFileHandle client)
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
        _clients.Remove(client);
        client.Dispose();
    }

    public void Dispose()
    {
        Listener.Dispose();
        foreach (var client in _clients)
            client.Dispose();
        _clients.Clear();
        File.Delete(_path);
    }
}
