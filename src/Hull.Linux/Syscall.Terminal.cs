using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Hull.Linux;

/// <summary>Pseudo-terminal and terminal-mode calls.</summary>
public static partial class Syscall
{
    private const ulong TIOCSCTTY = 0x540E;
    private const ulong TIOCGWINSZ = 0x5413;
    private const ulong TIOCSWINSZ = 0x5414;
    private const ulong TIOCGPTN = 0x80045430;
    private const ulong TIOCSPTLCK = 0x40045431;
    private const int TermiosSize = 60;
    private const int TCSANOW = 0;

    /// <summary>Opens a new pseudo-terminal pair on the devpts mounted at <paramref name="devpts"/>; returns (master, slave).</summary>
    public static unsafe (SafeFileHandle Master, SafeFileHandle Slave) OpenPty(string devpts = "/dev/pts")
    {
        var master = Open($"{devpts}/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC);
        int unlock = 0;
        int number;
        if (Native.ioctl((int)master.DangerousGetHandle(), TIOCSPTLCK, &unlock) < 0 || Native.ioctl((int)master.DangerousGetHandle(), TIOCGPTN, &number) < 0)
        {
            int errno = Errno.Last();
            master.Dispose();
            throw new SyscallException("unlock pseudo-terminal", errno);
        }
        return (master, Open($"{devpts}/{number}", O_RDWR | O_NOCTTY | O_CLOEXEC));
    }

    public static unsafe void SetControllingTerminal(SafeHandle terminal)
    {
        if (Native.ioctl((int)terminal.DangerousGetHandle(), TIOCSCTTY, null) < 0)
            throw new SyscallException("set controlling terminal", Errno.Last());
    }

    /// <summary>The window size of a terminal (rows, columns); null when it is not a terminal.</summary>
    public static unsafe (ushort Rows, ushort Columns)? GetWindowSize(int fd)
    {
        ushort* size = stackalloc ushort[4];
        if (Native.ioctl(fd, TIOCGWINSZ, size) < 0)
            return null;
        return (size[0], size[1]);
    }

    public static unsafe void SetWindowSize(SafeHandle terminal, ushort rows, ushort columns)
    {
        ushort* size = stackalloc ushort[4];
        size[0] = rows;
        size[1] = columns;
        size[2] = 0;
        size[3] = 0;
        if (Native.ioctl((int)terminal.DangerousGetHandle(), TIOCSWINSZ, size) < 0)
            throw new SyscallException("set terminal window size", Errno.Last());
    }

    public static bool IsTerminal(int fd) => Native.isatty(fd) == 1;

    /// <summary>Puts a terminal in raw mode and returns its previous settings for <see cref="RestoreTerminal"/>.</summary>
    public static unsafe byte[] MakeRaw(int fd)
    {
        byte[] saved = new byte[TermiosSize];
        byte* raw = stackalloc byte[TermiosSize];
        fixed (byte* s = saved)
        {
            if (Native.tcgetattr(fd, s) < 0)
                throw new SyscallException("get terminal settings", Errno.Last());
            Buffer.MemoryCopy(s, raw, TermiosSize, TermiosSize);
        }
        Native.cfmakeraw(raw);
        if (Native.tcsetattr(fd, TCSANOW, raw) < 0)
            throw new SyscallException("set raw terminal mode", Errno.Last());
        return saved;
    }

    public static unsafe void RestoreTerminal(int fd, byte[] saved)
    {
        fixed (byte* s = saved)
            Native.tcsetattr(fd, TCSANOW, s);
    }

    /// <summary>dup2(2): makes <paramref name="target"/> refer to the same file, without close-on-exec.</summary>
    public static void Dup2(SafeHandle fd, int target)
    {
        if (Native.dup2((int)fd.DangerousGetHandle(), target) < 0)
            throw new SyscallException($"dup2 to fd {target}", Errno.Last());
    }

    private static unsafe partial class Native
    {
        [LibraryImport(Interop.Libc, SetLastError = true)]
        internal static partial int ioctl(int fd, ulong request, void* arg);

        [LibraryImport(Interop.Libc)]
        internal static partial int isatty(int fd);

        [LibraryImport(Interop.Libc, SetLastError = true)]
        internal static partial int tcgetattr(int fd, byte* termios);

        [LibraryImport(Interop.Libc, SetLastError = true)]
        internal static partial int tcsetattr(int fd, int action, byte* termios);

        [LibraryImport(Interop.Libc)]
        internal static partial void cfmakeraw(byte* termios);

        [LibraryImport(Interop.Libc, SetLastError = true)]
        internal static partial int dup2(int fd, int target);
    }
}
