using Hull.Linux;
using Microsoft.Win32.SafeHandles;

namespace Hull.Driver.Monitor;

/// <summary>
/// Where launchers find the monitor that takes new containers of a state directory: a unix socket beside the
/// containers' directories, and a lock on the directory itself (nothing to leave behind) that orders launchers
/// connecting against a monitor leaving. A launcher
/// connects with the lock held; a monitor stops taking containers only with the lock held and no connection waiting,
/// so no request is ever sent to a monitor on its way out. The socket's name cannot be a container id ('@' is not
/// allowed in one), and `list` looks at directories only.
/// </summary>
internal sealed class MonitorRendezvous(string directory)
{
    /// <summary>The directory the socket and the lock are in: the state root (Hull's, or the library's beside a runtime's).</summary>
    public string Directory { get; } = directory;

    private string Socket => Path.Combine(Directory, "@monitor");

    /// <summary>
    /// A connection to the monitor taking containers, or, where there is none, to a new one that
    /// <paramref name="start"/> starts on a listening socket it is given (bound before it runs: nothing to wait for).
    /// </summary>
    public SafeFileHandle Connect(Action<SafeFileHandle> start)
    {
        System.IO.Directory.CreateDirectory(Directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        using var held = Lock(wait: true)!;
        try
        {
            return Syscall.ConnectUnix(Socket);
        }
        catch (SyscallException e) when (e.Errno is Errno.ENOENT or Errno.ECONNREFUSED)
        {
            // None, or one that ended without leaving (killed): its socket is stale.
        }
        File.Delete(Socket);
        using (var listener = Syscall.ListenUnix(Socket, backlog: 128))
        {
            File.SetUnixFileMode(Socket, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            start(listener);
        }
        return Syscall.ConnectUnix(Socket);
    }

    /// <summary>
    /// Stops new connections to <paramref name="listener"/>, unless a launcher is connecting or has connected (those
    /// are served first: false).
    /// </summary>
    public bool TryLeave(SafeFileHandle listener)
    {
        using var held = Lock(wait: false);
        if (held is null || Syscall.Poll([listener], Syscall.POLLIN, 0)[0] != 0)
            return false;
        // Only its monitor's own socket is ever here: a launcher replaces the socket only when nobody listens on it.
        File.Delete(Socket);
        return true;
    }

    /// <summary>
    /// One message of the conversation between launcher and monitor: what the peer writes up to its end of writing;
    /// null for nothing by <paramref name="deadline"/> (DateTime.MaxValue: no limit) or a connection that broke.
    /// </summary>
    public static byte[]? ReadMessage(SafeFileHandle connection, DateTime deadline)
    {
        using var message = new MemoryStream();
        byte[] buffer = new byte[4096];
        try
        {
            while (true)
            {
                int left = deadline == DateTime.MaxValue ? -1 : (int)(deadline - DateTime.UtcNow).TotalMilliseconds;
                if (deadline != DateTime.MaxValue && (left <= 0 || Syscall.Poll([connection], Syscall.POLLIN, left)[0] == 0))
                    return null;
                int n = Syscall.Read(connection, buffer) ?? 0;
                if (n == 0)
                    return message.ToArray();
                message.Write(buffer, 0, n);
            }
        }
        catch (SyscallException)
        {
            return null;
        }
    }

    private SafeFileHandle? Lock(bool wait)
    {
        var file = Syscall.Open(Directory, Syscall.O_RDONLY | Syscall.O_DIRECTORY | Syscall.O_CLOEXEC);
        if (wait)
            Syscall.LockExclusive(file, Directory);
        else if (!Syscall.TryLockExclusive(file, Directory))
        {
            file.Dispose();
            return null;
        }
        return file;
    }
}
