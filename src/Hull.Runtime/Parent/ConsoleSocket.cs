using System.Runtime.InteropServices;
using Hull.Linux;
using Microsoft.Win32.SafeHandles;

namespace Hull.Runtime.Parent;

/// <summary>
/// Where a container's pty master goes: the caller's --console-socket (containerd, conmon) or connected
/// socket (a library caller), or, for a foreground run/exec without either, a socketpair whose other end
/// Hull reads to proxy the terminal itself.
/// </summary>
internal sealed class ConsoleSocket : IDisposable
{
    private readonly SafeFileHandle? _hullEnd;
    private readonly SafeFileHandle? _connected;

    private ConsoleSocket(SafeHandle? containerEnd, SafeFileHandle? hullEnd, SafeFileHandle? connected)
    {
        ContainerEnd = containerEnd;
        _hullEnd = hullEnd;
        _connected = connected;
    }

    /// <summary>The socket passed into the container child.</summary>
    public SafeHandle? ContainerEnd { get; }

    /// <summary>
    /// The socket for a process with or without a terminal, checked as runc checks it: a terminal needs somewhere to
    /// go, and a console socket a terminal to carry; where Hull relays the terminal itself, the caller must have one.
    /// </summary>
    public SafeHandle? For(bool terminal, bool socketGiven)
    {
        if (terminal && ContainerEnd is null)
            throw new HullException("cannot allocate tty if hull will detach without setting console socket", ErrorKind.InvalidArgument);
        if (!terminal && socketGiven)
            throw new HullException("cannot use console socket if hull will not detach or allocate tty", ErrorKind.InvalidArgument);
        if (terminal && _hullEnd is not null)
            RequireHostTerminal();
        return terminal ? ContainerEnd : null;
    }

    /// <summary>
    /// A relayed terminal is the caller's: one of its standard streams, or its controlling terminal when all three are
    /// redirected (runc opens /dev/tty then, and fails as it does).
    /// </summary>
    private static void RequireHostTerminal()
    {
        for (int fd = 2; fd >= 0; fd--)
        {
            if (Syscall.IsTerminal(fd))
                return;
        }
        using var tty = Syscall.TryOpen("/dev/tty", Syscall.O_RDWR | Syscall.O_NOCTTY | Syscall.O_CLOEXEC, out int errno)
            ?? throw new HullException($"open /dev/tty: {Errno.Describe(errno)}", ErrorKind.InvalidArgument);
    }

    /// <summary>The caller's socket, given connected or as a path; empty without one.</summary>
    public static ConsoleSocket ForDetached(string? path, SafeHandle? connection)
    {
        if (connection is not null)
            return new ConsoleSocket(connection, null, null);
        var connected = Connect(path);
        return new ConsoleSocket(connected, null, connected);
    }

    public static ConsoleSocket ForForeground(string? path, SafeHandle? connection)
    {
        if (connection is not null || path is not null)
            return ForDetached(path, connection);
        var (hullEnd, containerEnd) = Syscall.StreamPair();
        return new ConsoleSocket(containerEnd, hullEnd, containerEnd);
    }

    private static SafeFileHandle? Connect(string? path)
    {
        if (path is null)
            return null;
        try
        {
            return Syscall.ConnectUnix(path);
        }
        catch (SyscallException e)
        {
            throw new HullException(GoNet.DialUnix(path, e.Errno), ErrorKind.InvalidArgument, e);
        }
    }

    /// <summary>Starts relaying the terminal when the container has one and nobody else takes the master.</summary>
    public TerminalProxy? Proxy(bool terminal)
    {
        if (!terminal || _hullEnd is null)
            return null;
        return TerminalProxy.Start(Syscall.ReceiveDescriptor(_hullEnd));
    }

    public void Dispose()
    {
        _connected?.Dispose();
        _hullEnd?.Dispose();
    }
}
