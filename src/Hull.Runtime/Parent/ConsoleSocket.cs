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
            throw new HullException($"connect to console socket {path}: {Errno.Describe(e.Errno)}", ErrorKind.InvalidArgument, e);
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
