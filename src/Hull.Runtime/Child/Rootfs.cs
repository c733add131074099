using Hull.Runtime.Protocol;
using Hull.Linux;
using Hull.Spec;

namespace Hull.Runtime.Child;

/// <summary>Builds the container's filesystem view: before pivot_root (mounts, devices), the switch, and after it (masks, read-only).</summary>
internal static class Rootfs
{
    /// <summary>Makes the rootfs a mount point under the chosen propagation and mounts everything the spec lists.</summary>
    public static void Prepare(RuntimeSpec spec, ChildConfig config)
    {
        string rootfs = config.Rootfs;
        ulong propagation = spec.Linux?.RootfsPropagation is { Length: > 0 } p
            ? MountOptions.Parse([p]).Propagation
            : Syscall.MS_SLAVE | Syscall.MS_REC;
        Syscall.Mount(null, "/", null, propagation, null, "set propagation of /");
        MakeParentPrivate(rootfs);
        Syscall.Mount(rootfs, rootfs, null, Syscall.MS_BIND | Syscall.MS_REC, null, $"bind rootfs {rootfs}");

        using var root = new RootPath(rootfs);
        var applier = new MountApplier(root, config.CgroupHierarchies, SecurityLabels.MountContext(spec.Linux));
        bool devBound = false, procMounted = false, ptsMounted = false;
        var mounts = spec.Mounts ?? [];
        for (int i = 0; i < mounts.Count; i++)
        {
            var mount = mounts[i];
            using var tree = Passed(config.MountTreeFds, i);
            applier.Apply(mount, tree);
            string destination = "/" + (mount.Destination ?? "").Trim('/');
            bool bind = MountOptions.Parse(mount.Options).IsBind || mount.Type == "bind";
            if (destination == "/dev")
                devBound = bind;
            procMounted |= destination == "/proc" && mount.Type == "proc";
            ptsMounted |= destination == "/dev/pts" && mount.Type == "devpts";
        }
        if (!devBound)
        {
            Devices.Create(root, spec.Linux?.Devices, bindInstead: config.InUserNamespace);
            Devices.CreateSymlinks(root, procMounted);
        }
        if (ptsMounted)
            Devices.LinkPtmx(root);
    }

    /// <summary>pivot_root into the rootfs and detach the old root; with --no-pivot, move it over / and chroot.</summary>
    public static void Enter(string rootfs, bool noPivot)
    {
        if (noPivot)
        {
            HideHostProcAndSys(rootfs);
            Syscall.Chdir(rootfs);
            Syscall.Mount(rootfs, "/", null, Syscall.MS_MOVE, null, $"move {rootfs} to /");
            Syscall.Chroot(".");
            Syscall.Chdir("/");
            return;
        }
        using var oldRoot = Syscall.Open("/", Syscall.O_DIRECTORY | Syscall.O_RDONLY | Syscall.O_CLOEXEC);
        using var newRoot = Syscall.Open(rootfs, Syscall.O_DIRECTORY | Syscall.O_RDONLY | Syscall.O_CLOEXEC);
        Syscall.Fchdir(newRoot);
        Syscall.PivotRoot(".", ".");
        Syscall.Fchdir(oldRoot);
        Syscall.Mount(null, ".", null, Syscall.MS_SLAVE | Syscall.MS_REC, null, "make the old root a slave");
        Syscall.Unmount(".", Syscall.MNT_DETACH);
        Syscall.Chdir("/");
    }

    /// <summary>
    /// Without pivot_root the host's mounts stay in the container's mount namespace, under its root. The kernel lets a
    /// user namespace mount a fresh proc or sysfs only where a full one is visible in the mount namespace: every full
    /// proc and sysfs mount outside the rootfs is detached (or, where that is refused, covered by a tmpfs), as runc does,
    /// so that `unshare -Urmp --mount-proc` inside the container fails.
    /// </summary>
    private static void HideHostProcAndSys(string rootfs)
    {
        foreach (string mountPoint in FullProcAndSysMounts(rootfs))
        {
            if (Syscall.TryMount(null, mountPoint, null, Syscall.MS_SLAVE | Syscall.MS_REC, null) is var errno and not 0)
            {
                // A mount under one detached before is gone with it.
                if (errno == Errno.ENOENT)
                    continue;
                throw new SyscallException($"mount {mountPoint}", errno);
            }
            int refused = Syscall.TryUnmount(mountPoint, Syscall.MNT_DETACH);
            if (refused is Errno.EINVAL or Errno.EPERM)
                Syscall.Mount("tmpfs", mountPoint, "tmpfs", 0, null, $"cover {mountPoint}");
            else if (refused != 0)
                throw new SyscallException($"unmount {mountPoint}", refused);
        }
    }

    /// <summary>Mount points of proc and sysfs whose root is the filesystem's own, outside the rootfs, from /proc/self/mountinfo.</summary>
    private static List<string> FullProcAndSysMounts(string rootfs)
    {
        var result = new List<string>();
        foreach (string line in (Syscall.ReadSmallFile("/proc/self/mountinfo") ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            // id parent major:minor root mountpoint options [optional…] - fstype source superoptions
            string[] fields = line.Split(' ');
            int separator = Array.IndexOf(fields, "-");
            if (fields.Length < 5 || separator < 0 || separator + 1 >= fields.Length)
                continue;
            string mountPoint = Unescape(fields[4]);
            if (fields[3] == "/" && fields[separator + 1] is "proc" or "sysfs" && !mountPoint.StartsWith(rootfs, StringComparison.Ordinal))
                result.Add(mountPoint);
        }
        return result;
    }

    /// <summary>mountinfo writes a space, tab, newline or backslash in a path as \040, \011, \012, \134.</summary>
    private static string Unescape(string field) =>
        field.Replace("\\040", " ", StringComparison.Ordinal).Replace("\\011", "\t", StringComparison.Ordinal)
            .Replace("\\012", "\n", StringComparison.Ordinal).Replace("\\134", "\\", StringComparison.Ordinal);

    /// <summary>After the switch, in runc's order: root propagation, late read-only mounts, a read-only root, then read-only and masked paths.</summary>
    public static void Finish(RuntimeSpec spec)
    {
        // pivot_root refuses shared mounts, so a requested propagation is applied to the new "/" only now.
        if (spec.Linux?.RootfsPropagation is { Length: > 0 } requested)
            Syscall.Mount(null, "/", null, MountOptions.Parse([requested]).Propagation, null, "set propagation of /");
        using var root = new RootPath("/");
        var late = new MountApplier(root, new Dictionary<string, string>(), null);
        foreach (var mount in spec.Mounts ?? [])
        {
            var options = MountOptions.Parse(mount.Options);
            if ((options.Flags & Syscall.MS_RDONLY) != 0 && mount.Destination is { } destination && MountApplier.TurnsReadOnlyLater(mount.Type, destination))
                late.Remount(destination, options.Flags & ~Syscall.MS_REMOUNT | Syscall.MS_BIND | Syscall.MS_RDONLY, mount.Source);
        }
        if (spec.Root?.Readonly == true)
            Syscall.Mount(null, "/", null, Syscall.MS_BIND | Syscall.MS_REMOUNT | Syscall.MS_RDONLY | Syscall.MountFlagsOf("/"), null, "error setting rootfs as readonly: mount /");
        foreach (string path in spec.Linux?.ReadonlyPaths ?? [])
            MakeReadOnly(root, path);
        foreach (string path in spec.Linux?.MaskedPaths ?? [])
            Mask(root, path);
    }

    private static void MakeReadOnly(RootPath root, string path)
    {
        using var target = root.TryOpen(path);
        if (target is null)
            return;
        string fdPath = Syscall.ProcFdPath(target);
        Syscall.Mount(fdPath, fdPath, null, Syscall.MS_BIND | Syscall.MS_REC, null, $"bind {path} read-only");
        using var mounted = root.TryOpen(path) ?? throw new SyscallException($"reopen {path}", Errno.ENOENT);
        if (!Syscall.TrySetMountAttributes((int)mounted.DangerousGetHandle(), Syscall.MOUNT_ATTR_RDONLY, 0, recursive: true, $"make {path} read-only"))
            Syscall.Mount(null, Syscall.ProcFdPath(mounted), null, Syscall.MS_BIND | Syscall.MS_REMOUNT | Syscall.MS_RDONLY | Syscall.MS_REC, null, $"remount {path} read-only");
    }

    private static void Mask(RootPath root, string path)
    {
        using var target = root.TryOpen(path);
        if (target is null)
            return;
        string fdPath = Syscall.ProcFdPath(target);
        if (Directory.Exists(fdPath))
            Syscall.Mount("tmpfs", fdPath, "tmpfs", Syscall.MS_RDONLY, null, $"mask {path}");
        else
            Syscall.Mount("/dev/null", fdPath, null, Syscall.MS_BIND, null, $"mask {path}");
    }

    /// <summary>
    /// pivot_root refuses a rootfs whose parent mount is shared; make the parent private. It is found by trying the
    /// rootfs and then each directory up: for a directory that is no mount point, mount(2) says EINVAL.
    /// </summary>
    /// <summary>The descriptor the parent passed for mount <paramref name="index"/>, owned from here on; null if none.</summary>
    private static Microsoft.Win32.SafeHandles.SafeFileHandle? Passed(Dictionary<string, int> byMount, int index) =>
        byMount.TryGetValue(index.ToString(System.Globalization.CultureInfo.InvariantCulture), out int fd) ? new(fd, ownsHandle: true) : null;

    private static void MakeParentPrivate(string rootfs)
    {
        for (string dir = rootfs; ; dir = Path.GetDirectoryName(dir) ?? "/")
        {
            int errno = Syscall.TryMount(null, dir, null, Syscall.MS_PRIVATE, null);
            if (errno == 0)
                return;
            // EINVAL: not a mount point, its mount is further up.
            if (errno != Errno.EINVAL || dir == "/")
                throw new SyscallException($"make {dir} private", errno);
        }
    }
}
