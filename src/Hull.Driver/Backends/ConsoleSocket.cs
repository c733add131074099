using System.Runtime.InteropServices;
using Hull.Linux;
using Microsoft.Win32.SafeHandles;

namespace Hull.Driver.Backends;

/// <summary>
/// The socket a runtime's --console-socket names: it connects once and sends the pty master, which goes on to the
/// connection the process's stdio setup waits on.
/// </summary>
internal sealed class ConsoleSocket : IDisposable
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);
    private readonly string _dir;
    private readonly SafeFileHandle _listener;

    public ConsoleSocket()
    {
        _dir = Directory.CreateTempSubdirectory("hull-console-").FullName;
        Path = System.IO.Path.Combine(_dir, "console.sock");
        _listener = Syscall.ListenUnix(Path, backlog: 1);
    }

    public string Path { get; }

    /// <summary>Takes the master the runtime sent and passes it on over <paramref name="connection"/>.</summary>
    public void ForwardMaster(SafeHandle connection)
    {
        if (Syscall.Poll([_listener], Syscall.POLLIN, (int)ConnectTimeout.TotalMilliseconds)[0] == 0)
            throw new Hull.Runtime.HullException("the runtime sent no terminal to its console socket");
        using var sender = Syscall.Accept(_listener);
        using var master = Syscall.ReceiveDescriptor(sender);
        Syscall.SendDescriptor(connection, master);
    }

    public void Dispose()
    {
        _listener.Dispose();
        Directory.Delete(_dir, recursive: true);
    }
}
