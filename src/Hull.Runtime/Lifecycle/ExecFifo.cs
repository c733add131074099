using Hull.Linux;
using Hull.Runtime.State;

namespace Hull.Runtime.Lifecycle;

/// <summary>The start side of the exec FIFO: opening it for reading releases the waiting init.</summary>
internal static class ExecFifo
{
    public static void Release(string path, ProcessIdentity init)
    {
        using (var fifo = Syscall.Open(path, Syscall.O_RDONLY | Syscall.O_NONBLOCK | Syscall.O_CLOEXEC))
        {
            byte[] buffer = new byte[1];
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (true)
            {
                if (Syscall.Read(fifo, buffer) > 0)
                    break;
                if (!init.IsAlive())
                    throw new HullException("container init exited before start", ErrorKind.InvalidState);
                if (DateTime.UtcNow > deadline)
                    throw new HullException("timed out waiting for the container init to start");
                Thread.Sleep(1);
            }
        }
        File.Delete(path);
    }
}
