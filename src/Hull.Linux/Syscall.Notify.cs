using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Hull.Linux;

/// <summary>Notification descriptors: eventfd and inotify.</summary>
public static partial class Syscall
{
    public const uint IN_MODIFY = 0x2;
    public const uint IN_DELETE_SELF = 0x400;
    public const uint IN_IGNORED = 0x8000;

    /// <summary>eventfd(2), close-on-exec.</summary>
    public static SafeFileHandle EventFd()
    {
        int fd = NotifyNative.eventfd(0, O_CLOEXEC);
        if (fd < 0)
            throw new SyscallException("eventfd", Errno.Last());
        return new SafeFileHandle(fd, ownsHandle: true);
    }

    /// <summary>inotify_init1(2), close-on-exec and non-blocking.</summary>
    public static SafeFileHandle InotifyInit()
    {
        int fd = NotifyNative.inotify_init1(O_CLOEXEC | O_NONBLOCK);
        if (fd < 0)
            throw new SyscallException("inotify_init", Errno.Last());
        return new SafeFileHandle(fd, ownsHandle: true);
    }

    public static int InotifyAddWatch(SafeFileHandle inotify, string path, uint mask)
    {
        int wd = NotifyNative.inotify_add_watch((int)inotify.DangerousGetHandle(), path, mask);
        if (wd < 0)
            throw new SyscallException($"watch {path}", Errno.Last());
        return wd;
    }

    /// <summary>Waits until the descriptor is readable; false on timeout. A negative timeout waits forever.</summary>
    public static bool PollReadable(SafeHandle fd, int timeoutMilliseconds) => Poll([fd], POLLIN, timeoutMilliseconds)[0] != 0;

    private static unsafe partial class NotifyNative
    {
        [LibraryImport(Interop.Libc, SetLastError = true)]
        internal static partial int eventfd(uint initval, int flags);

        [LibraryImport(Interop.Libc, SetLastError = true)]
        internal static partial int inotify_init1(int flags);

        [LibraryImport(Interop.Libc, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
        internal static partial int inotify_add_watch(int fd, string path, uint mask);

    }
}
