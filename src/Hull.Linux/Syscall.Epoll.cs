using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Hull.Linux;

/// <summary>epoll(7): one thread waiting on many descriptors, each tagged with a number of the caller's.</summary>
public static partial class Syscall
{
    public const uint EPOLLIN = 0x1;
    public const uint EPOLLOUT = 0x4;

    private const int EPOLL_CTL_ADD = 1;
    private const int EPOLL_CTL_DEL = 2;
    private const int EPOLL_CTL_MOD = 3;

    // struct epoll_event is packed on x86-64 (events at 0, data at 4: 12 bytes) and naturally aligned elsewhere.
    private static readonly int EpollEventSize = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 12 : 16;
    private static readonly int EpollDataOffset = EpollEventSize - 8;

    /// <summary>epoll_create1(2), close-on-exec.</summary>
    public static SafeFileHandle EpollCreate()
    {
        int fd = EpollNative.epoll_create1(O_CLOEXEC);
        if (fd < 0)
            throw new SyscallException("epoll_create", Errno.Last());
        return new SafeFileHandle(fd, ownsHandle: true);
    }

    /// <summary>Watches <paramref name="fd"/> for <paramref name="events"/>; <see cref="EpollWait"/> reports it by <paramref name="tag"/>.</summary>
    public static void EpollAdd(SafeHandle epoll, SafeHandle fd, uint events, ulong tag) => EpollControl(epoll, EPOLL_CTL_ADD, fd, events, tag, "add");

    /// <summary>Changes the events a watched <paramref name="fd"/> is reported for.</summary>
    public static void EpollModify(SafeHandle epoll, SafeHandle fd, uint events, ulong tag) => EpollControl(epoll, EPOLL_CTL_MOD, fd, events, tag, "mod");

    private static unsafe void EpollControl(SafeHandle epoll, int operation, SafeHandle fd, uint events, ulong tag, string name)
    {
        byte* entry = stackalloc byte[16];
        var bytes = new Span<byte>(entry, EpollEventSize);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, events);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes[EpollDataOffset..], tag);
        if (EpollNative.epoll_ctl((int)epoll.DangerousGetHandle(), operation, (int)fd.DangerousGetHandle(), entry) < 0)
            throw new SyscallException($"epoll_ctl {name}", Errno.Last());
    }

    /// <summary>Stops watching <paramref name="fd"/>; call it before closing a descriptor that has copies elsewhere.</summary>
    public static unsafe void EpollDelete(SafeHandle epoll, SafeHandle fd)
    {
        if (EpollNative.epoll_ctl((int)epoll.DangerousGetHandle(), EPOLL_CTL_DEL, (int)fd.DangerousGetHandle(), null) < 0)
            throw new SyscallException("epoll_ctl del", Errno.Last());
    }

    /// <summary>Waits up to <paramref name="timeoutMs"/> (negative: forever) and fills <paramref name="tags"/> with the ready descriptors' tags; their count.</summary>
    public static unsafe int EpollWait(SafeHandle epoll, Span<ulong> tags, int timeoutMs)
    {
        byte* entries = stackalloc byte[EpollEventSize * tags.Length];
        int n;
        while ((n = EpollNative.epoll_wait((int)epoll.DangerousGetHandle(), entries, tags.Length, timeoutMs)) < 0)
        {
            int errno = Errno.Last();
            if (errno != Errno.EINTR)
                throw new SyscallException("epoll_wait", errno);
        }
        for (int i = 0; i < n; i++)
            tags[i] = BinaryPrimitives.ReadUInt64LittleEndian(new ReadOnlySpan<byte>(entries + i * EpollEventSize + EpollDataOffset, 8));
        return n;
    }

    private static unsafe partial class EpollNative
    {
        [LibraryImport(Interop.Libc, SetLastError = true)]
        internal static partial int epoll_create1(int flags);

        [LibraryImport(Interop.Libc, SetLastError = true)]
        internal static partial int epoll_ctl(int epfd, int op, int fd, byte* ev);

        [LibraryImport(Interop.Libc, SetLastError = true)]
        internal static partial int epoll_wait(int epfd, byte* events, int maxevents, int timeout);
    }
}
