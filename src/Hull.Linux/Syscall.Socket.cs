using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Hull.Linux;

/// <summary>Unix socket calls, including descriptor passing with SCM_RIGHTS.</summary>
public static partial class Syscall
{
    private const int AF_UNIX = 1;
    private const int SOCK_STREAM = 1;
    private const int SOCK_SEQPACKET = 5;
    private const int SOCK_CLOEXEC = 0x80000;
    private const int MSG_NOSIGNAL = 0x4000;
    private const int SOL_SOCKET = 1;
    private const int SCM_RIGHTS = 1;

    /// <summary>A connected pair of close-on-exec SOCK_SEQPACKET sockets: message boundaries are kept.</summary>
    public static (SafeFileHandle Parent, SafeFileHandle Child) SeqPacketPair()
    {
        unsafe
        {
            int* fds = stackalloc int[2];
            if (Native.socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, fds) < 0)
                throw new SyscallException("socketpair", Errno.Last());
            return (new SafeFileHandle(fds[0], true), new SafeFileHandle(fds[1], true));
        }
    }

    public static unsafe void SendPacket(SafeHandle socket, ReadOnlySpan<byte> data)
    {
        fixed (byte* p = data)
        {
            while (true)
            {
                nint n = Native.send((int)socket.DangerousGetHandle(), p, (nuint)data.Length, MSG_NOSIGNAL);
                if (n >= 0)
                    return;
                int errno = Errno.Last();
                if (errno != Errno.EINTR)
                    throw new SyscallException("send to sync socket", errno);
            }
        }
    }

    /// <summary>Receives one packet; 0 means the peer closed its end.</summary>
    public static unsafe int ReceivePacket(SafeHandle socket, Span<byte> buffer)
    {
        fixed (byte* p = buffer)
        {
            while (true)
            {
                nint n = Native.recv((int)socket.DangerousGetHandle(), p, (nuint)buffer.Length, 0);
                if (n >= 0)
                    return (int)n;
                int errno = Errno.Last();
                if (errno != Errno.EINTR)
                    throw new SyscallException("receive from sync socket", errno);
            }
        }
    }

    /// <summary>Sends one descriptor with a one-byte payload over a unix socket.</summary>
    public static unsafe void SendDescriptor(SafeHandle socket, SafeHandle fd)
    {
        byte payload = 0;
        byte* control = stackalloc byte[ControlSpace];
        new Span<byte>(control, ControlSpace).Clear();
        var header = (CmsgHeader*)control;
        header->Length = (nuint)(sizeof(CmsgHeader) + sizeof(int));
        header->Level = SOL_SOCKET;
        header->Type = SCM_RIGHTS;
        *(int*)(control + sizeof(CmsgHeader)) = (int)fd.DangerousGetHandle();
        var iov = new IoVec { Base = &payload, Length = 1 };
        var msg = new MsgHeader { Iov = &iov, IovLength = 1, Control = control, ControlLength = ControlSpace };
        if (Native.sendmsg((int)socket.DangerousGetHandle(), &msg, MSG_NOSIGNAL) < 0)
            throw new SyscallException("send descriptor", Errno.Last());
    }

    /// <summary>Connects a stream socket to a unix socket path.</summary>
    public static unsafe SafeFileHandle ConnectUnix(string path)
    {
        int fd = Native.socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0)
            throw new SyscallException("socket", Errno.Last());
        var handle = new SafeFileHandle(fd, true);
        byte* address = stackalloc byte[110];
        new Span<byte>(address, 110).Clear();
        *(ushort*)address = AF_UNIX;
        byte[] bytes = System.Text.Encoding.UTF8.GetBytes(path);
        if (bytes.Length > 107)
            throw new SyscallException($"connect {path}", 36);
        bytes.CopyTo(new Span<byte>(address + 2, 107));
        if (Native.connect(fd, address, (uint)(2 + bytes.Length + 1)) < 0)
        {
            int errno = Errno.Last();
            handle.Dispose();
            throw new SyscallException($"connect {path}", errno);
        }
        return handle;
    }

    private const int ControlSpace = 24;

    [StructLayout(LayoutKind.Sequential)]
    private struct CmsgHeader
    {
        public nuint Length;
        public int Level;
        public int Type;
    }

    [StructLayout(LayoutKind.Sequential)]
    private unsafe struct IoVec
    {
        public byte* Base;
        public nuint Length;
    }

    [StructLayout(LayoutKind.Sequential)]
    private unsafe struct MsgHeader
    {
        public byte* Name;
        public uint NameLength;
        public IoVec* Iov;
        public nuint IovLength;
        public byte* Control;
        public nuint ControlLength;
        public int Flags;
    }

    private static unsafe partial class Native
    {
        [LibraryImport(Interop.Libc, SetLastError = true)]
        internal static partial int socketpair(int domain, int type, int protocol, int* fds);

        [LibraryImport(Interop.Libc, SetLastError = true)]
        internal static partial int socket(int domain, int type, int protocol);

        [LibraryImport(Interop.Libc, SetLastError = true)]
        internal static partial int connect(int fd, byte* address, uint length);

        [LibraryImport(Interop.Libc, SetLastError = true)]
        internal static partial nint send(int fd, byte* buf, nuint len, int flags);

        [LibraryImport(Interop.Libc, SetLastError = true)]
        internal static partial nint recv(int fd, byte* buf, nuint len, int flags);

        [LibraryImport(Interop.Libc, SetLastError = true)]
        internal static partial nint sendmsg(int fd, MsgHeader* msg, int flags);
    }
}
