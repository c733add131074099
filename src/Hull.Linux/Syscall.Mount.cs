using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Hull.Linux;

/// <summary>Mount calls.</summary>
public static partial class Syscall
{
    public const ulong MS_RDONLY = 0x1;
    public const ulong MS_NOSUID = 0x2;
    public const ulong MS_NODEV = 0x4;
    public const ulong MS_NOEXEC = 0x8;
    public const ulong MS_SYNCHRONOUS = 0x10;
    public const ulong MS_REMOUNT = 0x20;
    public const ulong MS_MANDLOCK = 0x40;
    public const ulong MS_DIRSYNC = 0x80;
    public const ulong MS_NOSYMFOLLOW = 0x100;
    public const ulong MS_NOATIME = 0x400;
    public const ulong MS_NODIRATIME = 0x800;
    public const ulong MS_BIND = 0x1000;
    public const ulong MS_MOVE = 0x2000;
    public const ulong MS_REC = 0x4000;
    public const ulong MS_SILENT = 0x8000;
    public const ulong MS_POSIXACL = 1UL << 16;
    public const ulong MS_I_VERSION = 1UL << 23;
    public const ulong MS_UNBINDABLE = 0x20000;
    public const ulong MS_PRIVATE = 0x40000;
    public const ulong MS_SLAVE = 0x80000;
    public const ulong MS_SHARED = 0x100000;
    public const ulong MS_RELATIME = 0x200000;
    public const ulong MS_STRICTATIME = 0x1000000;
    public const ulong MS_LAZYTIME = 0x2000000;

    public const int MNT_DETACH = 2;

    public const ulong MOUNT_ATTR_RDONLY = 0x1;
    public const ulong MOUNT_ATTR_NOSUID = 0x2;
    public const ulong MOUNT_ATTR_NODEV = 0x4;
    public const ulong MOUNT_ATTR_NOEXEC = 0x8;
    public const ulong MOUNT_ATTR_RELATIME = 0x0;
    public const ulong MOUNT_ATTR_NOATIME = 0x10;
    public const ulong MOUNT_ATTR_STRICTATIME = 0x20;
    public const ulong MOUNT_ATTR__ATIME = 0x70;
    public const ulong MOUNT_ATTR_NODIRATIME = 0x80;
    public const ulong MOUNT_ATTR_NOSYMFOLLOW = 0x200000;
    private const uint AT_RECURSIVE = 0x8000;
    private const uint AT_EMPTY_PATH = 0x1000;

    public static void Mount(string? source, string target, string? fstype, ulong flags, string? data, string? description = null)
    {
        if (TryMount(source, target, fstype, flags, data) is var errno and not 0)
            throw new SyscallException(description ?? $"mount {source ?? fstype} on {target}", errno);
    }

    /// <summary>mount(2), returning 0 or the errno: for a caller that expects some failures, which exceptions would make slow.</summary>
    public static int TryMount(string? source, string target, string? fstype, ulong flags, string? data) =>
        Native.mount(source, target, fstype, flags, data) < 0 ? Errno.Last() : 0;

    /// <summary>
    /// The per-mount flags a path's mount has now (statvfs), as MS_* bits: a bind remount must repeat
    /// them, since the kernel refuses to clear locked ones inside a user namespace.
    /// </summary>
    public static unsafe ulong MountFlagsOf(string path)
    {
        byte* buffer = stackalloc byte[112];
        if (Native.statvfs(path, buffer) < 0)
            throw new SyscallException($"statvfs {path}", Errno.Last());
        ulong st = *(ulong*)(buffer + 72);
        const ulong kept = MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_SYNCHRONOUS | MS_MANDLOCK | MS_NOATIME | MS_NODIRATIME;
        const ulong ST_RELATIME = 0x1000;
        return (st & kept) | ((st & ST_RELATIME) != 0 ? MS_RELATIME : 0);
    }

    /// <summary>umount2(2), returning 0 or the errno.</summary>
    public static int TryUnmount(string target, int flags) => Native.umount2(target, flags) < 0 ? Errno.Last() : 0;

    public static void Unmount(string target, int flags)
    {
        if (Native.umount2(target, flags) < 0)
            throw new SyscallException($"unmount {target}", Errno.Last());
    }

    public static void PivotRoot(string newRoot, string putOld)
    {
        if (Interop.syscall(Interop.SYS_pivot_root, newRoot, putOld) < 0)
            throw new SyscallException($"pivot_root {newRoot}", Errno.Last());
    }

    /// <summary>
    /// A detached copy of the mount at <paramref name="source"/> whose ids map through the user namespace
    /// <paramref name="userns"/> (open_tree, then mount_setattr MOUNT_ATTR_IDMAP); attach it with <see cref="AttachTree"/>.
    /// </summary>
    public static unsafe SafeFileHandle CloneIdmappedTree(string source, SafeHandle userns, bool recursive)
    {
        const ulong MOUNT_ATTR_IDMAP = 0x100000;
        var treeFd = CloneTree(source, recursive);
        long tree = treeFd.DangerousGetHandle();
        var attr = new MountAttr { Set = MOUNT_ATTR_IDMAP, UsernsFd = (ulong)userns.DangerousGetHandle() };
        byte* empty = stackalloc byte[1];
        empty[0] = 0;
        if (Interop.syscall(Interop.SYS_mount_setattr, tree, (long)empty, AT_EMPTY_PATH | (recursive ? AT_RECURSIVE : 0), (long)&attr, sizeof(MountAttr)) < 0)
        {
            int errno = Errno.Last();
            treeFd.Dispose();
            throw new SyscallException($"idmap mount {source}", errno);
        }
        return treeFd;
    }

    /// <summary>
    /// A detached copy of the mount at <paramref name="source"/> (open_tree OPEN_TREE_CLONE, with the mounts under it
    /// when <paramref name="recursive"/>), in no mount namespace, so it can be attached in any (<see cref="AttachTree"/>).
    /// </summary>
    public static unsafe SafeFileHandle CloneTree(string source, bool recursive)
    {
        const long OPEN_TREE_CLONE = 1;
        const long OPEN_TREE_CLOEXEC = 0x80000;
        byte[] sourcePath = NulTerminated(source);
        long tree;
        fixed (byte* s = sourcePath)
            tree = Interop.syscall(Interop.SYS_open_tree, AT_FDCWD, (long)s, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | (recursive ? AT_RECURSIVE : 0), 0, 0);
        if (tree < 0)
            throw new SyscallException($"clone mount {source}", Errno.Last());
        return new SafeFileHandle((nint)tree, ownsHandle: true);
    }

    /// <summary>
    /// Opens <paramref name="file"/> through a detached, read-only clone of the mount it lives on
    /// (open_tree, then mount_setattr MOUNT_ATTR_RDONLY). The clone is in no namespace and goes away with
    /// the descriptor; a process executed from it has a /proc/PID/exe that cannot be opened for writing.
    /// Null where this process may not clone mounts (no CAP_SYS_ADMIN).
    /// </summary>
    public static unsafe SafeFileHandle? OpenThroughReadOnlyMount(string file)
    {
        const long OPEN_TREE_CLONE = 1;
        const long OPEN_TREE_CLOEXEC = 0x80000;
        byte[] directory = NulTerminated(Path.GetDirectoryName(file) ?? "/");
        long tree;
        fixed (byte* d = directory)
            tree = Interop.syscall(Interop.SYS_open_tree, AT_FDCWD, (long)d, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC, 0, 0);
        if (tree < 0)
        {
            int errno = Errno.Last();
            return errno is Errno.EPERM or Errno.ENOSYS ? null : throw new SyscallException($"clone the mount of {file}", errno);
        }
        using var treeFd = new SafeFileHandle((nint)tree, ownsHandle: true);
        if (!TrySetMountAttributes((int)tree, MOUNT_ATTR_RDONLY, 0, recursive: false, $"make the clone of {file}'s mount read-only"))
            return null;
        return OpenAt(treeFd, Path.GetFileName(file), O_RDONLY | O_CLOEXEC);
    }

    /// <summary>
    /// Attaches a detached mount tree (from open_tree) on the directory <paramref name="target"/> refers to,
    /// with move_mount(2) on both descriptors (a /proc/self/fd path is refused with EINVAL).
    /// </summary>
    public static unsafe void AttachTree(SafeHandle tree, SafeHandle target, string description)
    {
        const long MOVE_MOUNT_F_EMPTY_PATH = 0x4;
        const long MOVE_MOUNT_T_EMPTY_PATH = 0x40;
        byte* empty = stackalloc byte[1];
        empty[0] = 0;
        if (Interop.syscall(Interop.SYS_move_mount, (long)tree.DangerousGetHandle(), (long)empty, (long)target.DangerousGetHandle(), (long)empty, MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) < 0)
            throw new SyscallException($"attach mount at {description}", Errno.Last());
    }

    /// <summary>
    /// The mount_setattr(2) attributes (set, clear) that do what a bind remount with these flags does: read-only,
    /// nosuid, nodev and noexec become exactly as given, and the access-time mode too when one is given (a remount
    /// without one keeps it). The other flags belong to the filesystem, which a bind remount leaves alone.
    /// </summary>
    public static (ulong Set, ulong Clear) MountAttributesOf(ulong flags)
    {
        ulong set = 0, clear = 0;
        foreach (var (flag, attribute) in new[] { (MS_RDONLY, MOUNT_ATTR_RDONLY), (MS_NOSUID, MOUNT_ATTR_NOSUID), (MS_NODEV, MOUNT_ATTR_NODEV), (MS_NOEXEC, MOUNT_ATTR_NOEXEC) })
        {
            if ((flags & flag) != 0)
                set |= attribute;
            else
                clear |= attribute;
        }
        if ((flags & (MS_NOATIME | MS_STRICTATIME | MS_RELATIME | MS_NODIRATIME)) != 0)
        {
            set |= (flags & MS_NOATIME) != 0 ? MOUNT_ATTR_NOATIME : (flags & MS_STRICTATIME) != 0 ? MOUNT_ATTR_STRICTATIME : MOUNT_ATTR_RELATIME;
            set |= (flags & MS_NODIRATIME) != 0 ? MOUNT_ATTR_NODIRATIME : 0;
            clear |= MOUNT_ATTR__ATIME | ((flags & MS_NODIRATIME) != 0 ? 0 : MOUNT_ATTR_NODIRATIME);
        }
        return (set, clear);
    }

    /// <summary>Changes mount attributes of the tree under an open descriptor with mount_setattr(2); false when the kernel lacks it.</summary>
    public static unsafe bool TrySetMountAttributes(int dirFd, ulong set, ulong clear, bool recursive, string description)
    {
        var attr = new MountAttr { Set = set, Clear = clear };
        byte* empty = stackalloc byte[1];
        empty[0] = 0;
        uint flags = AT_EMPTY_PATH | (recursive ? AT_RECURSIVE : 0);
        if (Interop.syscall(Interop.SYS_mount_setattr, dirFd, (long)empty, flags, (long)&attr, sizeof(MountAttr)) == 0)
            return true;
        int errno = Errno.Last();
        if (errno == Errno.ENOSYS)
            return false;
        throw new SyscallException(description, errno);
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct MountAttr
    {
        public ulong Set;
        public ulong Clear;
        public ulong Propagation;
        public ulong UsernsFd;
    }

    private static partial class Native
    {
        [LibraryImport(Interop.Libc, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
        internal static partial int mount(string? source, string target, string? fstype, ulong flags, string? data);

        [LibraryImport(Interop.Libc, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
        internal static partial int umount2(string target, int flags);

        [LibraryImport(Interop.Libc, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
        internal static unsafe partial int statvfs(string path, byte* buffer);
    }
}
