using Hull.Linux;
using Microsoft.Win32.SafeHandles;
using Hull.Spec;

namespace Hull.Runtime.Child;

/// <summary>Performs one OCI mount onto a destination resolved safely inside the rootfs.</summary>
internal sealed class MountApplier
{
    private readonly RootPath _root;
    private readonly IReadOnlyDictionary<string, string> _cgroupHierarchies;

    private readonly string? _mountContext;

    public MountApplier(RootPath root, IReadOnlyDictionary<string, string> cgroupHierarchies, string? mountContext)
    {
        _root = root;
        _cgroupHierarchies = cgroupHierarchies;
        _mountContext = mountContext;
    }

    /// <summary>Mounts; an idmapped bind mount arrives from the parent as <paramref name="idmappedTree"/>, to attach.</summary>
    public void Apply(Mount mount, SafeFileHandle? idmappedTree = null)
    {
        string destination = mount.Destination ?? throw new HullException("mount without a destination", ErrorKind.InvalidArgument);
        var options = MountOptions.Parse(mount.Options);
        string type = mount.Type ?? (options.IsBind ? "bind" : "");
        if (type == "cgroup")
        {
            MountCgroups(destination, options);
            return;
        }
        bool bind = options.IsBind || type == "bind";
        string? source = mount.Source;
        using SafeFileHandle target = bind && source is not null && !Directory.Exists(source)
            ? _root.CreateFile(destination)
            : _root.CreateDirectory(destination);
        string targetPath = Syscall.ProcFdPath(target);
        string description = $"mount {source ?? type} on {destination}";
        if (idmappedTree is not null)
        {
            Syscall.AttachTree(idmappedTree, target, destination);
            if (options.RemountFlags != 0)
                Remount(destination, options.RemountFlags | Syscall.MS_BIND, description);
        }
        else if (bind)
        {
            ulong flags = Syscall.MS_BIND | (options.IsRecursiveBind ? Syscall.MS_REC : 0);
            Syscall.Mount(source, targetPath, null, flags, null, description);
            if (options.RemountFlags != 0)
                Remount(destination, options.RemountFlags | Syscall.MS_BIND, description);
        }
        else
        {
            Syscall.Mount(source ?? type, targetPath, type, options.Flags & ~Syscall.MS_REMOUNT, NullIfEmpty(WithLabel(options.Data, type)), description);
        }
        if (options.Propagation != 0)
            SetPropagation(destination, options.Propagation);
        if (options.RecursiveSet != 0 || options.RecursiveClear != 0)
            SetRecursiveAttributes(destination, options);
    }

    /// <summary>Remounts the mount now at <paramref name="destination"/> with new per-mount flags.</summary>
    public void Remount(string destination, ulong flags, string description)
    {
        using SafeFileHandle target = ReopenMount(destination);
        string path = Syscall.ProcFdPath(target);
        try
        {
            Syscall.Mount(null, path, null, flags | Syscall.MS_REMOUNT, null, $"remount {description}");
        }
        catch (SyscallException e) when (e.Errno == Errno.EPERM)
        {
            // In a user namespace the flags the host set (nosuid, nodev, noexec, atime) are locked and must be repeated.
            const ulong lockable = Syscall.MS_NOSUID | Syscall.MS_NODEV | Syscall.MS_NOEXEC | Syscall.MS_NOATIME | Syscall.MS_NODIRATIME | Syscall.MS_RELATIME;
            Syscall.Mount(null, path, null, flags | Syscall.MS_REMOUNT | (Syscall.MountFlagsOf(path) & lockable), null, $"remount {description}");
        }
    }

    private void SetPropagation(string destination, ulong propagation)
    {
        using SafeFileHandle target = ReopenMount(destination);
        Syscall.Mount(null, Syscall.ProcFdPath(target), null, propagation, null, $"set propagation of {destination}");
    }

    private void SetRecursiveAttributes(string destination, MountOptions options)
    {
        using SafeFileHandle target = ReopenMount(destination);
        if (!Syscall.TrySetMountAttributes((int)target.DangerousGetHandle(), options.RecursiveSet, options.RecursiveClear, recursive: true, $"set recursive mount attributes on {destination}"))
            throw new HullException($"mount {destination}: recursive mount options need mount_setattr (Linux 5.12)", ErrorKind.InvalidArgument);
    }

    /// <summary>A fresh descriptor for a destination: the one used to mount refers to what was underneath.</summary>
    private SafeFileHandle ReopenMount(string destination) =>
        _root.TryOpen(destination) ?? throw new SyscallException($"reopen {destination}", Errno.ENOENT);

    /// <summary>
    /// A "cgroup" mount: a tmpfs with each host hierarchy's container directory bound under its name,
    /// so the container sees its own cgroup at the root of each controller, as with runc.
    /// </summary>
    private void MountCgroups(string destination, MountOptions options)
    {
        bool readOnly = (options.Flags & Syscall.MS_RDONLY) != 0;
        ulong flags = options.Flags & ~(Syscall.MS_RDONLY | Syscall.MS_BIND | Syscall.MS_REC | Syscall.MS_REMOUNT);
        if (_cgroupHierarchies.Count == 1 && _cgroupHierarchies.ContainsKey(""))
        {
            Apply(new Mount { Destination = destination, Type = "bind", Source = _cgroupHierarchies[""], Options = readOnly ? ["rbind", "ro", "nosuid", "nodev", "noexec"] : ["rbind", "nosuid", "nodev", "noexec"] });
            return;
        }
        using (var target = _root.CreateDirectory(destination))
            Syscall.Mount("tmpfs", Syscall.ProcFdPath(target), "tmpfs", flags, "mode=755", $"mount tmpfs for cgroups on {destination}");
        // The tmpfs is new and empty: a hierarchy's directory is made right in it, with no symlink to resolve.
        using var tmpfs = ReopenMount(destination);
        var bound = new List<string>();
        foreach (var (name, hostPath) in _cgroupHierarchies)
        {
            if (!Directory.Exists(hostPath))
                continue;
            string directory = name.Length == 0 ? "unified" : name;
            string sub = $"{destination.TrimEnd('/')}/{directory}";
            Syscall.MakeDirectoryAt(tmpfs, directory, 0b111_101_101);
            using var target = Syscall.OpenAt(tmpfs, directory, Syscall.O_PATH | Syscall.O_DIRECTORY | Syscall.O_NOFOLLOW | Syscall.O_CLOEXEC);
            Syscall.Mount(hostPath, Syscall.ProcFdPath(target), null, Syscall.MS_BIND | Syscall.MS_REC, null, $"bind cgroup {hostPath} on {sub}");
            bound.Add(sub);
        }
        ulong mountFlags = flags | (readOnly ? Syscall.MS_RDONLY : 0);
        if (TrySetFlagsOfTree(tmpfs, destination, mountFlags))
            return;
        foreach (string sub in bound)
            Remount(sub, Syscall.MS_BIND | mountFlags, $"cgroup {sub}");
        if (readOnly)
            Remount(destination, mountFlags, $"cgroup tmpfs {destination}");
    }

    /// <summary>
    /// Gives the mount <paramref name="tree"/> (at <paramref name="destination"/>) and every mount under it the
    /// per-mount flags, with one recursive mount_setattr where a remount of each takes two system calls. False when the
    /// kernel lacks it, or refuses because a user namespace locked some flag: remounts then repeat the locked flags one
    /// by one.
    /// </summary>
    private static bool TrySetFlagsOfTree(SafeFileHandle tree, string destination, ulong flags)
    {
        var (set, clear) = Syscall.MountAttributesOf(flags);
        try
        {
            return Syscall.TrySetMountAttributes((int)tree.DangerousGetHandle(), set, clear, recursive: true, $"set the flags of the mounts at {destination}");
        }
        catch (SyscallException e) when (e.Errno == Errno.EPERM)
        {
            return false;
        }
    }

    private static string? NullIfEmpty(string s) => s.Length == 0 ? null : s;

    /// <summary>Filesystems that take an SELinux context= option get the config's mount label.</summary>
    private string WithLabel(string data, string type)
    {
        if (_mountContext is null || type is "proc" or "sysfs" or "cgroup" or "cgroup2" or "mqueue")
            return data;
        return data.Length == 0 ? _mountContext : $"{data},{_mountContext}";
    }
}
