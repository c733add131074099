using Hull.Linux;
using Hull.Runtime.State;

namespace Hull.Runtime.Lifecycle;

/// <summary>
/// The start side of the exec FIFO. Opening it for reading releases the waiting init, which writes one
/// byte; its write end closes on execve, so end-of-file means the user process is running.
/// </summary>
internal static class ExecFifo
{
    public static void Release(string path, ProcessIdentity init)
    {
        using (var fifo = Syscall.Open(path, Syscall.O_RDONLY | Syscall.O_NONBLOCK | Syscall.O_CLOEXEC))
        {
            byte[] buffer = new byte[1];
            bool released = false;
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (true)
            {
                int? n = Syscall.Read(fifo, buffer);
                if (n > 0)
                    released = true;
                else if (n == 0 && released)
                    break;
                else if (!init.IsAlive())
                {
                    // A short-lived process may have exec'd and exited since the read: its byte is still in the FIFO.
                    if (released || Syscall.Read(fifo, buffer) > 0)
                        break;
                    throw new HullException("container init exited before start", ErrorKind.InvalidState);
                }
                else if (DateTime.UtcNow > deadline)
                    throw new HullException("timed out waiting for the container process to start");
                else
                    Thread.Sleep(1);
            }
        }
        File.Delete(path);
    }
}
