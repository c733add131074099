using Hull.Linux;
using Hull.Runtime.Store;

namespace Hull.Runtime.Parent;

/// <summary>
/// The start side of the exec FIFO. Opening it for reading releases the waiting init, which writes one
/// byte; its write end closes on execve, so end-of-file means the user process is running.
/// </summary>
/// <remarks>
/// `start` returns only then, where runc and crun return once the byte is read: until its execve the init is its
/// pid namespace's init without signal handlers, so the kernel would drop a SIGTERM sent right after `start`
/// (runtime-tools' killsig test sends one), and Hull's init takes longer than theirs to reach execve.
/// </remarks>
internal static class ExecFifo
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    /// <summary>The FIFO belongs to the container's root, so that an init inside a user namespace may open it.</summary>
    public static void Create(string path, Hull.Spec.Linux? linux)
    {
        Syscall.MkFifo(path, 0b110_010_010);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite);
        var (uid, gid) = IdMaps.HostIdsOfRoot(linux);
        Syscall.Chown(path, uid, gid);
    }

    public static void Release(string path, ProcessIdentity init)
    {
        using (var fifo = Syscall.Open(path, Syscall.O_RDONLY | Syscall.O_NONBLOCK | Syscall.O_CLOEXEC))
        using (var pidfd = init.IsAlive() ? Syscall.PidfdOpen(init.Pid) : null)
        {
            byte[] buffer = new byte[1];
            bool released = false;
            var deadline = DateTime.UtcNow + Limit;
            while (true)
            {
                int? n = Syscall.Read(fifo, buffer);
                if (n > 0)
                {
                    released = true;
                    continue;
                }
                if (n == 0 && released)
                    break;
                if (pidfd is null || !init.IsAlive())
                {
                    // A short-lived process may have exec'd and exited since the read: its byte is still in the FIFO.
                    if (released || Syscall.Read(fifo, buffer) > 0)
                        break;
                    throw new HullException("container init exited before start", ErrorKind.InvalidState);
                }
                if (DateTime.UtcNow > deadline)
                    throw new HullException("timed out waiting for the container process to start");
                // Until the init has opened its end, the FIFO reads as end-of-file; poll briefly then.
                Syscall.Poll(n == 0 ? [pidfd] : [fifo, pidfd], Syscall.POLLIN, n == 0 ? 1 : 1000);
            }
        }
        File.Delete(path);
    }
}
