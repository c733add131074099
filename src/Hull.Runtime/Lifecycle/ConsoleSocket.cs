using Hull.Linux;
using Microsoft.Win32.SafeHandles;

namespace Hull.Runtime.Lifecycle;

/// <summary>
/// Where a container's pty master goes: the caller's --console-socket (containerd, conmon), or, for a
/// foreground run/exec without one, a socketpair whose other end Hull reads to proxy the terminal itself.
/// </summary>
internal sealed class ConsoleSocket : IDisposable
{
    private readonly SafeFileHandle? _hullEnd;

    private ConsoleSocket(SafeFileHandle? containerEnd, SafeFileHandle? hullEnd)
    {
        ContainerEnd = containerEnd;
        _hullEnd = hullEnd;
    }

    /// <summary>The socket passed into the container child.</summary>
    public SafeFileHandle? ContainerEnd { get; }

    /// <summary>Connects to the caller's console socket; null without one.</summary>
    public static SafeFileHandle? Connect(string? path)
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

    public static ConsoleSocket ForForeground(string? path)
    {
        if (path is not null)
            return new ConsoleSocket(Connect(path), null);
        var (hullEnd, containerEnd) = Syscall.StreamPair();
        return new ConsoleSocket(containerEnd, hullEnd);
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
        ContainerEnd?.Dispose();
        _hullEnd?.Dispose();
    }
}
