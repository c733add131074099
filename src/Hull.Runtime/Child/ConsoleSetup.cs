using Hull.Linux;
using Microsoft.Win32.SafeHandles;
using Hull.Spec;

namespace Hull.Runtime.Child;

/// <summary>
/// A terminal for the container process: a pty from the container's own devpts, the master sent to
/// whoever listens on the console socket, the slave made the controlling terminal and stdio.
/// </summary>
internal static class ConsoleSetup
{
    public static void Attach(Process process, int consoleSocketFd)
    {
        if (consoleSocketFd < 0)
            throw new HullException("a terminal was requested but no console socket was given", ErrorKind.InvalidArgument);
        using var socket = new SafeFileHandle(consoleSocketFd, ownsHandle: true);
        var (master, slave) = Syscall.OpenPty();
        using (master)
        {
            if (process.ConsoleSize is { Height: > 0 } size)
                Syscall.SetWindowSize(master, (ushort)size.Height.Value, (ushort)(size.Width ?? 0));
            Syscall.SendDescriptor(socket, master);
        }
        using (slave)
        {
            // The process may run as another user, who must still be able to open /dev/tty.
            Syscall.Fchown(slave, process.User?.Uid ?? 0, -1);
            Syscall.SetControllingTerminal(slave);
            for (int fd = 0; fd < 3; fd++)
                Syscall.Dup2(slave, fd);
        }
    }
}
