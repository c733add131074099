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

    /// <summary>
    /// The length of the packet waiting on a SOCK_SEQPACKET or datagram socket, blocking until there is one; 0 means
    /// the peer closed its end. The packet stays queued, its descriptors included, for the receive that sizes its buffer by it.
    /// </summary>
    public static unsafe int NextPacketLength(SafeHandle socket)
    {
        const int MSG_PEEK = 0x2;
        const int MSG_TRUNC = 0x20;
        while (true)
        {
            nint n = Native.recv((int)socket.DangerousGetHandle(), null, 0, MSG_PEEK | MSG_TRUNC);
            if (n >= 0)
                return (int)n;
            int errno = Errno.Last();
            if (errno != Errno.EINTR)
                throw new SyscallException("receive from sync socket", errno);
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

    /// <summary>Sends one descriptor over a unix socket, with <paramref name="payload"/> (one zero byte when empty).</summary>
    public static void SendDescriptor(SafeHandle socket, SafeHandle fd, ReadOnlySpan<byte> payload = default) =>
        SendWithDescriptors(socket, payload.IsEmpty ? [0] : payload, [fd]);

    /// <summary>Sends one packet (not empty) with descriptors attached (SCM_RIGHTS, at most <see cref="MaxDescriptors"/>).</summary>
    public static unsafe void SendWithDescriptors(SafeHandle socket, ReadOnlySpan<byte> payload, IReadOnlyList<SafeHandle> fds)
    {
        if (fds.Count > MaxDescriptors)
            throw new SyscallException("send descriptors", Errno.EINVAL);
        int space = fds.Count == 0 ? 0 : ControlSpace(fds.Count);
        byte* control = stackalloc byte[ControlSpace(MaxDescriptors)];
        new Span<byte>(control, space).Clear();
        if (fds.Count > 0)
        {
            var header = (CmsgHeader*)control;
            header->Length = (nuint)(sizeof(CmsgHeader) + fds.Count * sizeof(int));
            header->Level = SOL_SOCKET;
            header->Type = SCM_RIGHTS;
            for (int i = 0; i < fds.Count; i++)
                ((int*)(control + sizeof(CmsgHeader)))[i] = (int)fds[i].DangerousGetHandle();
        }
        fixed (byte* data = payload)
        {
            var iov = new IoVec { Base = data, Length = (nuint)payload.Length };
            var msg = new MsgHeader { Iov = &iov, IovLength = 1, Control = space == 0 ? null : control, ControlLength = (nuint)space };
            while (Native.sendmsg((int)socket.DangerousGetHandle(), &msg, MSG_NOSIGNAL) < 0)
            {
                int errno = Errno.Last();
                if (errno != Errno.EINTR)
                    throw new SyscallException("send descriptors", errno);
            }
        }
    }

    /// <summary>Receives one descriptor sent with <see cref="SendDescriptor"/>.</summary>
    public static SafeFileHandle ReceiveDescriptor(SafeHandle socket) => ReceiveDescriptor(socket, new byte[1]).Fd;

    /// <summary>Receives one descriptor and the payload sent with it (at most the buffer's length).</summary>
    public static (SafeFileHandle Fd, int PayloadLength) ReceiveDescriptor(SafeHandle socket, byte[] payload)
    {
        var (length, fds) = ReceiveWithDescriptors(socket, payload);
        if (length == 0 || fds.Length != 1)
        {
            foreach (var fd in fds)
                fd.Dispose();
            throw new SyscallException("receive descriptor", Errno.EPROTO);
        }
        return (fds[0], length);
    }

    /// <summary>Receives one packet and the descriptors attached to it (close-on-exec); a length of 0 means the peer closed.</summary>
    public static unsafe (int Length, SafeFileHandle[] Fds) ReceiveWithDescriptors(SafeHandle socket, Span<byte> buffer)
    {
        const int MSG_CMSG_CLOEXEC = 0x40000000;
        const int MSG_CTRUNC = 0x8;
        int space = ControlSpace(MaxDescriptors);
        byte* control = stackalloc byte[space];
        new Span<byte>(control, space).Clear();
        nint n;
        MsgHeader msg;
        fixed (byte* data = buffer)
        {
            var iov = new IoVec { Base = data, Length = (nuint)buffer.Length };
            msg = new MsgHeader { Iov = &iov, IovLength = 1, Control = control, ControlLength = (nuint)space };
            do
            {
                n = Native.recvmsg((int)socket.DangerousGetHandle(), &msg, MSG_CMSG_CLOEXEC);
            }
            while (n < 0 && Errno.Last() == Errno.EINTR);
        }
        if (n < 0)
            throw new SyscallException("receive", Errno.Last());
        var header = (CmsgHeader*)control;
        SafeFileHandle[] fds = [];
        if (msg.ControlLength >= (nuint)sizeof(CmsgHeader) && header->Level == SOL_SOCKET && header->Type == SCM_RIGHTS)
        {
            int count = (int)(header->Length - (nuint)sizeof(CmsgHeader)) / sizeof(int);
            fds = new SafeFileHandle[count];
            for (int i = 0; i < count; i++)
                fds[i] = new SafeFileHandle(((int*)(control + sizeof(CmsgHeader)))[i], true);
        }
        if ((msg.Flags & MSG_CTRUNC) != 0)
        {
            foreach (var fd in fds)
                fd.Dispose();
            throw new SyscallException("receive descriptors", Errno.EMSGSIZE);
        }
        return ((int)n, fds);
    }

    /// <summary>The most descriptors one packet carries here (the kernel's SCM_MAX_FD is 253).</summary>
    public const int MaxDescriptors = 64;

    private static unsafe int ControlSpace(int fds) => sizeof(CmsgHeader) + ((fds * sizeof(int) + 7) & ~7);

    /// <summary>A connected pair of close-on-exec stream sockets.</summary>
    public static (SafeFileHandle First, SafeFileHandle Second) StreamPair()
    {
        unsafe
        {
            int* fds = stackalloc int[2];
            if (Native.socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) < 0)
                throw new SyscallException("socketpair", Errno.Last());
            return (new SafeFileHandle(fds[0], true), new SafeFileHandle(fds[1], true));
        }
    }

    /// <summary>Connects a stream socket to a unix socket path.</summary>
    public static unsafe SafeFileHandle ConnectUnix(string path) =>
        UnixSocket(path, "connect", (fd, address, length) => Native.connect(fd, address, length));

    /// <summary>A stream socket bound to a unix socket path and listening.</summary>
    public static unsafe SafeFileHandle ListenUnix(string path, int backlog = 16)
    {
        var socket = UnixSocket(path, "bind", (fd, address, length) => Native.bind(fd, address, length));
        if (Native.listen((int)socket.DangerousGetHandle(), backlog) < 0)
        {
            int errno = Errno.Last();
            socket.Dispose();
            throw new SyscallException($"listen on {path}", errno);
        }
        return socket;
    }

    /// <summary>Ends both directions of a socket; a thread blocked in accept or read on it returns.</summary>
    public static void Shutdown(SafeHandle socket)
    {
        const int SHUT_RDWR = 2;
        Native.shutdown((int)socket.DangerousGetHandle(), SHUT_RDWR);
    }

    /// <summary>Ends the sending direction of a socket: the peer reads end-of-file and can still answer.</summary>
    public static void ShutdownWrite(SafeHandle socket)
    {
        const int SHUT_WR = 1;
        if (Native.shutdown((int)socket.DangerousGetHandle(), SHUT_WR) < 0)
            throw new SyscallException("shutdown", Errno.Last());
    }

    public static SafeFileHandle Accept(SafeHandle listener)
    {
        while (true)
        {
            int fd = Native.accept4((int)listener.DangerousGetHandle(), 0, 0, SOCK_CLOEXEC);
            if (fd >= 0)
                return new SafeFileHandle(fd, true);
            int errno = Errno.Last();
            if (errno != Errno.EINTR)
                throw new SyscallException("accept", errno);
        }
    }

    private unsafe delegate int AddressCall(int fd, byte* address, uint length);

    /// <summary>
    /// A socket address holds at most 107 bytes of path; a longer path is reached through its directory,
    /// opened first and named as /proc/self/fd/N (state directories of engines can be deep).
    /// </summary>
    private static SafeFileHandle UnixSocket(string path, string operation, AddressCall call)
    {
        const int MaxPath = 107;
        if (System.Text.Encoding.UTF8.GetByteCount(path) <= MaxPath)
            return UnixSocketAt(path, path, operation, call);
        using var directory = Open(System.IO.Path.GetDirectoryName(path) ?? "/", O_PATH | O_DIRECTORY | O_CLOEXEC);
        return UnixSocketAt($"{ProcFdPath(directory)}/{System.IO.Path.GetFileName(path)}", path, operation, call);
    }

    private static unsafe SafeFileHandle UnixSocketAt(string socketPath, string path, string operation, AddressCall call)
    {
        const int ENAMETOOLONG = 36;
        byte[] bytes = System.Text.Encoding.UTF8.GetBytes(socketPath);
        if (bytes.Length > 107)
            throw new SyscallException($"{operation} {path}", ENAMETOOLONG);
        int fd = Native.socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0)
            throw new SyscallException("socket", Errno.Last());
        var handle = new SafeFileHandle(fd, true);
        byte* address = stackalloc byte[110];
        new Span<byte>(address, 110).Clear();
        *(ushort*)address = AF_UNIX;
        bytes.CopyTo(new Span<byte>(address + 2, 107));
        if (call(fd, address, (uint)(2 + bytes.Length + 1)) < 0)
        {
            int errno = Errno.Last();
            handle.Dispose();
            throw new SyscallException($"{operation} {path}", errno);
        }
        return handle;
    }

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
        internal static partial int bind(int fd, byte* address, uint length);

        [LibraryImport(Interop.Libc)]
        internal static partial int shutdown(int fd, int how);

        [LibraryImport(Interop.Libc, SetLastError = true)]
        internal static partial int listen(int fd, int backlog);

        [LibraryImport(Interop.Libc, SetLastError = true)]
        internal static partial int accept4(int fd, nint address, nint length, int flags);

        [LibraryImport(Interop.Libc, SetLastError = true)]
        internal static partial nint send(int fd, byte* buf, nuint len, int flags);

        [LibraryImport(Interop.Libc, SetLastError = true)]
        internal static partial nint recv(int fd, byte* buf, nuint len, int flags);

        [LibraryImport(Interop.Libc, SetLastError = true)]
        internal static partial nint sendmsg(int fd, MsgHeader* msg, int flags);

        [LibraryImport(Interop.Libc, SetLastError = true)]
        internal static partial nint recvmsg(int fd, MsgHeader* msg, int flags);
    }
}
