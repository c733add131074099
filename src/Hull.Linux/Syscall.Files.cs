using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Hull.Linux;

/// <summary>File and descriptor calls.</summary>
public static partial class Syscall
{
    public const int O_RDONLY = 0x0;
    public const int O_WRONLY = 0x1;
    public const int O_RDWR = 0x2;
    public const int O_CREAT = 0x40;
    public const int O_EXCL = 0x80;
    public const int O_NOCTTY = 0x100;
    public const int O_TRUNC = 0x200;
    public const int O_APPEND = 0x400;
    public const int O_NONBLOCK = 0x800;
    public const int O_DIRECTORY = 0x10000;
    public const int O_NOFOLLOW = 0x20000;
    public const int O_CLOEXEC = 0x80000;
    public const int O_PATH = 0x200000;
    public const int AT_FDCWD = -100;

    public const ulong RESOLVE_NO_XDEV = 0x01;
    public const ulong RESOLVE_NO_MAGICLINKS = 0x02;
    public const ulong RESOLVE_NO_SYMLINKS = 0x04;
    public const ulong RESOLVE_BENEATH = 0x08;
    public const ulong RESOLVE_IN_ROOT = 0x10;

    private const int F_DUPFD_CLOEXEC = 1030;
    private const int F_ADD_SEALS = 1033;

    /// <summary>Opens a path; the descriptor is close-on-exec unless the flags say otherwise.</summary>
    public static SafeFileHandle Open(string path, int flags, uint mode = 0)
    {
        int fd = Native.open(path, flags, mode);
        if (fd < 0)
            throw new SyscallException($"open {path}", Errno.Last());
        return new SafeFileHandle(fd, ownsHandle: true);
    }

    /// <summary>Opens a path relative to a directory descriptor with openat2(2) resolve flags.</summary>
    public static SafeFileHandle OpenAt2(SafeFileHandle dir, string path, int flags, ulong resolve, uint mode = 0) =>
        TryOpenAt2(dir, path, flags, resolve, out int errno, mode) ?? throw new SyscallException($"open {path}", errno);

    /// <summary>As <see cref="OpenAt2"/>, but a failure is returned as null and its errno: for a path that may well be missing.</summary>
    public static unsafe SafeFileHandle? TryOpenAt2(SafeFileHandle dir, string path, int flags, ulong resolve, out int errno, uint mode = 0)
    {
        var how = new OpenHow { Flags = (ulong)flags, Mode = mode, Resolve = resolve };
        byte[] bytes = NulTerminated(path);
        fixed (byte* p = bytes)
        {
            long fd = Interop.syscall(Interop.SYS_openat2, (long)dir.DangerousGetHandle(), (long)p, (long)&how, sizeof(OpenHow), 0);
            errno = fd < 0 ? Errno.Last() : 0;
            return fd < 0 ? null : new SafeFileHandle((nint)fd, ownsHandle: true);
        }
    }

    /// <summary>Opens a path relative to a directory descriptor with openat(2).</summary>
    public static SafeFileHandle OpenAt(SafeFileHandle dir, string path, int flags, uint mode = 0)
    {
        int fd = Native.openat((int)dir.DangerousGetHandle(), path, flags, mode);
        if (fd < 0)
            throw new SyscallException($"open {path}", Errno.Last());
        return new SafeFileHandle(fd, ownsHandle: true);
    }

    /// <summary>The path that refers to an open descriptor through /proc, for syscalls that take paths.</summary>
    public static string ProcFdPath(SafeFileHandle fd) => $"/proc/self/fd/{fd.DangerousGetHandle()}";

    /// <summary>The path an open descriptor refers to, as the kernel names it (readlink of /proc/self/fd/N).</summary>
    public static string PathOf(SafeFileHandle fd) => new FileInfo(ProcFdPath(fd)).LinkTarget ?? ProcFdPath(fd);

    public static int Dup(SafeHandle fd, int minimum)
    {
        int copy = Native.fcntl((int)fd.DangerousGetHandle(), F_DUPFD_CLOEXEC, minimum);
        if (copy < 0)
            throw new SyscallException("dup", Errno.Last());
        return copy;
    }


    public static void CloseRaw(int fd) => Native.close(fd);

    /// <summary>Writes all of <paramref name="data"/> to a descriptor by number; false when it cannot (closed, full).</summary>
    public static bool WriteAll(int fd, ReadOnlySpan<byte> data) => TryWriteAll(fd, data) == 0;

    /// <summary>As <see cref="WriteAll"/>, returning the errno of a failed write (0 when all was written).</summary>
    public static unsafe int TryWriteAll(int fd, ReadOnlySpan<byte> data)
    {
        fixed (byte* p = data)
        {
            int done = 0;
            while (done < data.Length)
            {
                nint n = Native.write(fd, p + done, (nuint)(data.Length - done));
                if (n < 0 && Errno.Last() == Errno.EINTR)
                    continue;
                if (n < 0)
                    return Errno.Last();
                if (n == 0)
                    return Errno.EIO;
                done += (int)n;
            }
            return 0;
        }
    }

    public static unsafe void Write(SafeHandle fd, ReadOnlySpan<byte> data)
    {
        fixed (byte* p = data)
        {
            int done = 0;
            while (done < data.Length)
            {
                nint n = Native.write((int)fd.DangerousGetHandle(), p + done, (nuint)(data.Length - done));
                if (n < 0 && Errno.Last() == Errno.EINTR)
                    continue;
                if (n < 0)
                    throw new SyscallException("write", Errno.Last());
                done += (int)n;
            }
        }
    }

    /// <summary>write(2) on a non-blocking descriptor: the bytes taken, 0 when it takes none now (EAGAIN).</summary>
    public static unsafe int TryWrite(SafeHandle fd, ReadOnlySpan<byte> data)
    {
        fixed (byte* p = data)
        {
            while (true)
            {
                nint n = Native.write((int)fd.DangerousGetHandle(), p, (nuint)data.Length);
                if (n >= 0)
                    return (int)n;
                int errno = Errno.Last();
                if (errno == Errno.EAGAIN)
                    return 0;
                if (errno != Errno.EINTR)
                    throw new SyscallException("write", errno);
            }
        }
    }

    /// <summary>Sets O_NONBLOCK on the open file description (shared by every copy of the descriptor).</summary>
    public static void SetNonBlocking(SafeHandle fd)
    {
        const int F_GETFL = 3;
        const int F_SETFL = 4;
        int raw = (int)fd.DangerousGetHandle();
        int flags = Native.fcntl(raw, F_GETFL, 0);
        if (flags < 0 || Native.fcntl(raw, F_SETFL, flags | O_NONBLOCK) < 0)
            throw new SyscallException("fcntl O_NONBLOCK", Errno.Last());
    }

    /// <summary>Sets FD_CLOEXEC on a descriptor inherited without it (posix_spawn's dup2 clears it).</summary>
    public static void SetCloseOnExec(SafeHandle fd)
    {
        const int F_SETFD = 2, FD_CLOEXEC = 1;
        if (Native.fcntl((int)fd.DangerousGetHandle(), F_SETFD, FD_CLOEXEC) < 0)
            throw new SyscallException("fcntl FD_CLOEXEC", Errno.Last());
    }

    /// <summary>access(2) with W_OK: whether this process may write the file (connect to the socket).</summary>
    public static bool CanWrite(string path)
    {
        const int W_OK = 2;
        return Native.access(path, W_OK) == 0;
    }

    /// <summary>
    /// Creates or truncates a file (mode 0666 less the umask) and writes all of it: three system calls, where
    /// File.WriteAllBytes also stats the filesystem, takes and drops a flock, truncates again and seeks.
    /// </summary>
    public static void WriteFile(string path, ReadOnlySpan<byte> data)
    {
        using var fd = Open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0b110_110_110);
        Write(fd, data);
    }

    /// <summary>rename(2): replaces the target atomically.</summary>
    public static void Rename(string from, string to)
    {
        if (Native.rename(from, to) < 0)
            throw new SyscallException($"rename {from} to {to}", Errno.Last());
    }

    /// <summary>
    /// The whole content of a small file (a /proc or cgroup file), as UTF-8 text; null when it does not exist, or
    /// no longer does: a cgroup removed after its file was opened (systemd removes a stopped scope's) reads ENODEV.
    /// </summary>
    public static string? ReadSmallFile(string path) =>
        ReadFile(path) is { } bytes ? System.Text.Encoding.UTF8.GetString(bytes) : null;

    /// <summary>
    /// The whole content of a file, null when it does not exist (see <see cref="ReadSmallFile"/>). Open, read, close,
    /// where File.ReadAllBytes also stats the file twice and takes and drops a shared flock.
    /// </summary>
    public static unsafe byte[]? ReadFile(string path)
    {
        int fd = Native.open(path, O_RDONLY | O_CLOEXEC, 0);
        if (fd < 0)
        {
            int errno = Errno.Last();
            if (errno is Errno.ENOENT or Errno.ENOTDIR)
                return null;
            throw new SyscallException($"open {path}", errno);
        }
        using var handle = new SafeFileHandle(fd, ownsHandle: true);
        byte[] buffer = new byte[4096];
        int length = 0;
        while (true)
        {
            if (length == buffer.Length)
                Array.Resize(ref buffer, buffer.Length * 2);
            int n;
            try
            {
                n = Read(handle, buffer.AsSpan(length)) ?? 0;
            }
            catch (SyscallException e) when (e.Errno == Errno.ENODEV)
            {
                return null;
            }
            if (n == 0)
                return buffer[..length];
            length += n;
        }
    }

    /// <summary>Everything a descriptor gives until its end (a pipe's writers all closed).</summary>
    public static byte[] ReadToEnd(SafeHandle fd)
    {
        var content = new MemoryStream();
        byte[] buffer = new byte[16 * 1024];
        while (Read(fd, buffer) is int n and > 0)
            content.Write(buffer, 0, n);
        return content.ToArray();
    }

    /// <summary>Opens a path; null with the errno when that fails (for a path that may well be missing).</summary>
    public static SafeFileHandle? TryOpen(string path, int flags, out int errno, uint mode = 0)
    {
        int fd = Native.open(path, flags, mode);
        errno = fd < 0 ? Errno.Last() : 0;
        return fd < 0 ? null : new SafeFileHandle(fd, ownsHandle: true);
    }

    /// <summary>read(2); null when a non-blocking descriptor has nothing yet (EAGAIN).</summary>
    public static unsafe int? Read(SafeHandle fd, Span<byte> buffer)
    {
        fixed (byte* p = buffer)
        {
            while (true)
            {
                nint n = Native.read((int)fd.DangerousGetHandle(), p, (nuint)buffer.Length);
                if (n >= 0)
                    return (int)n;
                int errno = Errno.Last();
                if (errno == Errno.EAGAIN)
                    return null;
                if (errno != Errno.EINTR)
                    throw new SyscallException("read", errno);
            }
        }
    }

    /// <summary>Takes an exclusive flock(2), waiting for it.</summary>
    public static void LockExclusive(SafeFileHandle fd, string what)
    {
        const int LOCK_EX = 2;
        while (Native.flock((int)fd.DangerousGetHandle(), LOCK_EX) < 0)
        {
            int errno = Errno.Last();
            if (errno != Errno.EINTR)
                throw new SyscallException($"lock {what}", errno);
        }
    }

    /// <summary>Takes an exclusive flock(2) if nobody holds the file locked; false when somebody does.</summary>
    public static bool TryLockExclusive(SafeFileHandle fd, string what)
    {
        const int LOCK_EX = 2, LOCK_NB = 4;
        while (Native.flock((int)fd.DangerousGetHandle(), LOCK_EX | LOCK_NB) < 0)
        {
            int errno = Errno.Last();
            if (errno == Errno.EAGAIN)
                return false;
            if (errno != Errno.EINTR)
                throw new SyscallException($"lock {what}", errno);
        }
        return true;
    }

    /// <summary>mkdir(2) of a directory that may exist already (one system call, where Directory.CreateDirectory also stats).</summary>
    public static void MakeDirectoryIfMissing(string path, uint mode)
    {
        if (Native.mkdir(path, mode) < 0 && Errno.Last() is var errno && errno != Errno.EEXIST)
            throw new SyscallException($"mkdir {path}", errno);
    }

    /// <summary>
    /// The directory's link count: 2 plus its sub-directories on cgroupfs and most filesystems, so a count of 2 says
    /// there is nothing to list. Null when the path does not exist.
    /// </summary>
    public static unsafe uint? LinkCount(string path)
    {
        const uint STATX_NLINK = 0x4;
        // struct statx is 256 bytes; stx_nlink is the u32 at offset 16.
        byte* buffer = stackalloc byte[256];
        if (Native.statx(AT_FDCWD, path, 0, STATX_NLINK, buffer) == 0)
            return *(uint*)(buffer + 16);
        int errno = Errno.Last();
        if (errno == Errno.ENOENT)
            return null;
        throw new SyscallException($"statx {path}", errno);
    }

    /// <summary>rmdir(2): 0, or the errno of the failure.</summary>
    public static int RemoveDirectory(string path) => Native.rmdir(path) == 0 ? 0 : Errno.Last();

    /// <summary>mkdir(2): unlike Directory.CreateDirectory, an existing directory is an error (EEXIST).</summary>
    public static void MakeDirectory(string path, uint mode)
    {
        if (Native.mkdir(path, mode) < 0)
            throw new SyscallException($"mkdir {path}", Errno.Last());
    }

    public static void MakeDirectoryAt(SafeFileHandle dir, string name, uint mode)
    {
        if (Native.mkdirat((int)dir.DangerousGetHandle(), name, mode) == 0)
            return;
        int errno = Errno.Last();
        if (errno != Errno.EEXIST)
            throw new SyscallException($"mkdir {name}", errno);
    }

    /// <summary>The target of a symlink relative to a directory descriptor; null when the name is not a symlink.</summary>
    public static unsafe string? ReadLinkAt(SafeFileHandle dir, string name)
    {
        byte* buffer = stackalloc byte[4096];
        nint n = Native.readlinkat((int)dir.DangerousGetHandle(), name, buffer, 4096);
        if (n < 0)
            return null;
        return System.Text.Encoding.UTF8.GetString(buffer, (int)n);
    }

    public static void Fchdir(SafeFileHandle dir)
    {
        if (Native.fchdir((int)dir.DangerousGetHandle()) < 0)
            throw new SyscallException("fchdir", Errno.Last());
    }

    public static void SymlinkAt(string target, SafeFileHandle dir, string name)
    {
        if (Native.symlinkat(target, (int)dir.DangerousGetHandle(), name) < 0)
            throw new SyscallException($"symlink {name} -> {target}", Errno.Last());
    }

    /// <summary>unlinkat(2) of a name that is not a directory; a missing name is not an error.</summary>
    public static void RemoveAt(SafeFileHandle dir, string name)
    {
        if (Native.unlinkat((int)dir.DangerousGetHandle(), name, 0) == 0)
            return;
        int errno = Errno.Last();
        if (errno != Errno.ENOENT)
            throw new SyscallException($"remove {name}", errno);
    }

    /// <summary>A close-on-exec pipe: (read end, write end).</summary>
    public static unsafe (SafeFileHandle Read, SafeFileHandle Write) Pipe()
    {
        int* fds = stackalloc int[2];
        if (Native.pipe2(fds, O_CLOEXEC) < 0)
            throw new SyscallException("pipe", Errno.Last());
        return (new SafeFileHandle(fds[0], true), new SafeFileHandle(fds[1], true));
    }

    public static void MkFifo(string path, uint mode)
    {
        if (Native.mkfifo(path, mode) < 0)
            throw new SyscallException($"mkfifo {path}", Errno.Last());
    }

    public static void MakeNodeAt(SafeFileHandle dir, string name, uint mode, ulong device)
    {
        if (Native.mknodat((int)dir.DangerousGetHandle(), name, mode, device) < 0)
            throw new SyscallException($"mknod {name}", Errno.Last());
    }

    public static ulong MakeDevice(long major, long minor) =>
        (ulong)(((major & 0xfffff000L) << 32) | ((major & 0xfffL) << 8) | ((minor & 0xffffff00L) << 12) | (minor & 0xffL));

    public static void Chown(string path, long uid, long gid)
    {
        if (Native.lchown(path, (uint)uid, (uint)gid) < 0)
            throw new SyscallException($"chown {path}", Errno.Last());
    }

    /// <summary>lchown(2): a symlink's own owner, not its target's.</summary>
    public static void LchownPath(string path, long uid, long gid)
    {
        const int AT_SYMLINK_NOFOLLOW = 0x100;
        if (Native.fchownat(AT_FDCWD, path, (uint)uid, (uint)gid, AT_SYMLINK_NOFOLLOW) < 0)
            throw new SyscallException($"lchown {path}", Errno.Last());
    }

    /// <summary>The status of a path, a symlink itself rather than what it points to; null when missing.</summary>
    public static FileStatus? TryStatNoFollow(string path)
    {
        const int AT_SYMLINK_NOFOLLOW = 0x100;
        return StatX(AT_FDCWD, path, AT_SYMLINK_NOFOLLOW);
    }

    /// <summary>fchownat(2) of a name in a directory, not following a symlink.</summary>
    public static void ChownAt(SafeFileHandle dir, string name, long uid, long gid)
    {
        const int AT_SYMLINK_NOFOLLOW = 0x100;
        if (Native.fchownat((int)dir.DangerousGetHandle(), name, (uint)uid, (uint)gid, AT_SYMLINK_NOFOLLOW) < 0)
            throw new SyscallException($"chown {name}", Errno.Last());
    }

    public static void Fchown(SafeHandle fd, long uid, long gid)
    {
        if (Native.fchown((int)fd.DangerousGetHandle(), (uint)uid, (uint)gid) < 0)
            throw new SyscallException("fchown", Errno.Last());
    }

    public static uint Umask(uint mask) => Native.umask(mask);

    /// <summary>Copies an executable into a sealed memfd, so a container can never write to the host's binary (CVE-2019-5736).</summary>
    public static SafeFileHandle SealedCopyOf(string executable)
    {
        using var source = Open(executable, O_RDONLY | O_CLOEXEC);
        long memfd = Interop.syscall(Interop.SYS_memfd_create, MemfdName, MFD_CLOEXEC | MFD_ALLOW_SEALING, 0, 0, 0);
        if (memfd < 0)
            throw new SyscallException("memfd_create", Errno.Last());
        var copy = new SafeFileHandle((nint)memfd, ownsHandle: true);
        while (true)
        {
            long n = Native.sendfile((int)memfd, (int)source.DangerousGetHandle(), 0, 1 << 30);
            if (n == 0)
                break;
            if (n < 0)
                throw new SyscallException("copy the hull binary into a memfd", Errno.Last());
        }
        const int sealAll = 0x1 | 0x2 | 0x4 | 0x8; // SEAL_SEAL | SHRINK | GROW | WRITE
        if (Native.fcntl((int)memfd, F_ADD_SEALS, sealAll) < 0)
            throw new SyscallException("seal the hull binary copy", Errno.Last());
        return copy;
    }

    /// <summary>All of a file's content from its start, through a descriptor (pread: its offset is not moved).</summary>
    public static byte[] ReadAll(SafeFileHandle fd)
    {
        var content = new MemoryStream();
        byte[] buffer = new byte[64 * 1024];
        long offset = 0;
        int n;
        while ((n = RandomAccess.Read(fd, buffer, offset)) > 0)
        {
            content.Write(buffer, 0, n);
            offset += n;
        }
        return content.ToArray();
    }

    /// <summary>
    /// Data in a memfd, sealed (unless <paramref name="seal"/> is false: a file to be written through the
    /// descriptor), for another process to read through the descriptor and never change.
    /// </summary>
    public static SafeFileHandle SealedMemfd(ReadOnlySpan<byte> data, bool seal = true)
    {
        long memfd = Interop.syscall(Interop.SYS_memfd_create, MemfdName, MFD_CLOEXEC | MFD_ALLOW_SEALING, 0, 0, 0);
        if (memfd < 0)
            throw new SyscallException("memfd_create", Errno.Last());
        var handle = new SafeFileHandle((nint)memfd, ownsHandle: true);
        Write(handle, data);
        if (!seal)
            return handle;
        const int sealAll = 0x1 | 0x2 | 0x4 | 0x8; // SEAL_SEAL | SHRINK | GROW | WRITE
        if (Native.fcntl((int)memfd, F_ADD_SEALS, sealAll) < 0)
            throw new SyscallException("seal a memfd", Errno.Last());
        return handle;
    }

    private const long MFD_CLOEXEC = 1;
    private const long MFD_ALLOW_SEALING = 2;
    private static readonly nint MemfdName = Marshal.StringToCoTaskMemUTF8("hull");

    internal static byte[] NulTerminated(string s)
    {
        byte[] bytes = new byte[System.Text.Encoding.UTF8.GetByteCount(s) + 1];
        System.Text.Encoding.UTF8.GetBytes(s, bytes);
        return bytes;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct OpenHow
    {
        public ulong Flags;
        public ulong Mode;
        public ulong Resolve;
    }

    /// <summary>What stat(2) says of a file, the parts Hull looks at.</summary>
    public readonly record struct FileStatus(uint Mode, uint Uid, uint Gid, ulong Rdev, ulong Inode = 0)
    {
        public bool IsDevice => (Mode & 0xf000) is 0x2000 or 0x6000;

        public bool IsDirectory => (Mode & 0xf000) == 0x4000;

        public bool IsSymlink => (Mode & 0xf000) == 0xa000;

        public bool IsRegular => (Mode & 0xf000) == 0x8000;
    }

    /// <summary>The status of a path (followed); null when it cannot be had.</summary>
    public static unsafe FileStatus? TryStat(string path) => StatX(AT_FDCWD, path, 0);

    /// <summary>The status of a path (followed), or why not in Go's words: "stat PATH: no such file or directory".</summary>
    public static FileStatus Stat(string path) =>
        StatX(AT_FDCWD, path, 0) ?? throw new SyscallException($"stat {path}", Errno.Last());

    /// <summary>The status of a name in a directory, a symlink itself rather than what it points to; null when missing.</summary>
    public static FileStatus? TryStatNoFollow(SafeFileHandle dir, string name)
    {
        const int AT_SYMLINK_NOFOLLOW = 0x100;
        return StatX((int)dir.DangerousGetHandle(), name, AT_SYMLINK_NOFOLLOW);
    }

    /// <summary>The status of an open descriptor; null when it cannot be had.</summary>
    public static unsafe FileStatus? TryFstat(SafeHandle fd)
    {
        const int AT_EMPTY_PATH = 0x1000;
        return StatX((int)fd.DangerousGetHandle(), "", AT_EMPTY_PATH);
    }

    private static unsafe FileStatus? StatX(int dirfd, string path, int flags)
    {
        const uint STATX_BASIC_STATS = 0x7ff;
        byte* buffer = stackalloc byte[256];
        if (Native.statx(dirfd, path, flags, STATX_BASIC_STATS, buffer) < 0)
            return null;
        // struct statx: u32 mask, blksize; u64 attributes; u32 nlink, uid, gid; u16 mode; …; u32 rdev_major at 128, rdev_minor at 132.
        uint major = *(uint*)(buffer + 128), minor = *(uint*)(buffer + 132);
        return new FileStatus(*(ushort*)(buffer + 28), *(uint*)(buffer + 20), *(uint*)(buffer + 24), MakeDevice(major, minor), *(ulong*)(buffer + 32));
    }

    /// <summary>The uid that owns a path (statx, the link itself not followed).</summary>
    public static unsafe uint StatOwner(string path)
    {
        const int AT_SYMLINK_NOFOLLOW = 0x100;
        const uint STATX_UID = 0x8;
        byte* buffer = stackalloc byte[256];
        if (Native.statx(AT_FDCWD, path, AT_SYMLINK_NOFOLLOW, STATX_UID, buffer) < 0)
            throw new SyscallException($"stat {path}", Errno.Last());
        // struct statx: stx_mask, stx_blksize (u32 each), stx_attributes (u64), stx_nlink, then stx_uid.
        return *(uint*)(buffer + 20);
    }

    private static partial class Native
    {
        [LibraryImport(Interop.Libc, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
        internal static partial int open(string path, int flags, uint mode);

        [LibraryImport(Interop.Libc, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
        internal static partial int openat(int dirfd, string path, int flags, uint mode);

        [LibraryImport(Interop.Libc, SetLastError = true)]
        internal static partial int fcntl(int fd, int cmd, int arg);

        [LibraryImport(Interop.Libc, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
        internal static partial int access(string path, int mode);

        [LibraryImport(Interop.Libc, SetLastError = true)]
        internal static partial int close(int fd);

        [LibraryImport(Interop.Libc, SetLastError = true)]
        internal static partial int flock(int fd, int operation);

        [LibraryImport(Interop.Libc, SetLastError = true)]
        internal static unsafe partial nint read(int fd, byte* buffer, nuint count);

        [LibraryImport(Interop.Libc, SetLastError = true)]
        internal static unsafe partial nint write(int fd, byte* buffer, nuint count);

        [LibraryImport(Interop.Libc, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
        internal static partial int mkdir(string path, uint mode);

        [LibraryImport(Interop.Libc, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
        internal static partial int rmdir(string path);

        [LibraryImport(Interop.Libc, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
        internal static partial int rename(string from, string to);

        [LibraryImport(Interop.Libc, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
        internal static unsafe partial int statx(int dirfd, string path, int flags, uint mask, byte* buffer);

        [LibraryImport(Interop.Libc, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
        internal static partial int mkdirat(int dirfd, string name, uint mode);

        [LibraryImport(Interop.Libc, SetLastError = true)]
        internal static partial int fchdir(int fd);

        [LibraryImport(Interop.Libc, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
        internal static unsafe partial nint readlinkat(int dirfd, string path, byte* buffer, nuint size);

        [LibraryImport(Interop.Libc, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
        internal static partial int symlinkat(string target, int dirfd, string name);

        [LibraryImport(Interop.Libc, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
        internal static partial int unlinkat(int dirfd, string name, int flags);

        [LibraryImport(Interop.Libc, SetLastError = true)]
        internal static unsafe partial int pipe2(int* fds, int flags);

        [LibraryImport(Interop.Libc, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
        internal static partial int mkfifo(string path, uint mode);

        [LibraryImport(Interop.Libc, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
        internal static partial int mknodat(int dirfd, string name, uint mode, ulong dev);

        [LibraryImport(Interop.Libc, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
        internal static partial int lchown(string path, uint uid, uint gid);

        [LibraryImport(Interop.Libc, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
        internal static partial int fchownat(int dirfd, string name, uint uid, uint gid, int flags);

        [LibraryImport(Interop.Libc, SetLastError = true)]
        internal static partial int fchown(int fd, uint uid, uint gid);

        [LibraryImport(Interop.Libc)]
        internal static partial uint umask(uint mask);

        [LibraryImport(Interop.Libc, SetLastError = true)]
        internal static partial long sendfile(int outFd, int inFd, nint offset, nuint count);
    }
}
