using Hull.Linux;
using Microsoft.Win32.SafeHandles;
using Hull.Spec;

namespace Hull.Runtime.Child;

/// <summary>
/// Performs one OCI mount onto a destination resolved safely inside the rootfs, as runc performs it: proc and sysfs
/// only on an ordinary directory, a bind's source checked before its mountpoint is made, /dev writable until the end,
/// and every failure reported in runc's words ("error mounting "SRC" to rootfs at "DST": …").
/// </summary>
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

    /// <summary>
    /// Mounts; a bind mount may arrive from the parent as a detached <paramref name="tree"/> to attach (idmapped, or a
    /// source only the host's root can reach).
    /// </summary>
    public void Apply(Mount mount, SafeFileHandle? tree = null)
    {
        string destination = mount.Destination ?? throw new HullException("mount without a destination", ErrorKind.InvalidArgument);
        try
        {
            Mount(mount, destination, tree);
        }
        catch (SyscallException e)
        {
            throw new HullException($"error mounting \"{mount.Source}\" to rootfs at \"{destination}\": {e.Message}", ErrorKind.Failed, e);
        }
    }

    private void Mount(Mount mount, string destination, SafeFileHandle? tree)
    {
        var options = MountOptions.Parse(mount.Options);
        string type = mount.Type ?? (options.IsBind ? "bind" : "");
        if (type == "cgroup")
        {
            MountCgroups(destination, options);
            return;
        }
        bool bind = options.IsBind || type == "bind";
        string? source = mount.Source;
        if (type is "proc" or "sysfs" && _root.TryStatNoFollow(destination) is { IsDirectory: false })
            throw new SyscallException($"filesystem \"{type}\" must be mounted on ordinary directory");
        // A bind's source must exist before anything is made for it in the rootfs.
        bool fileTarget = bind && !Syscall.Stat((tree is null ? source : Syscall.ProcFdPath(tree)) ?? "").IsDirectory;
        using SafeFileHandle target = fileTarget ? _root.CreateFile(destination) : _root.CreateDirectory(destination);
        string targetPath = Syscall.ProcFdPath(target);
        ulong flags = options.Flags & ~Syscall.MS_REMOUNT & (TurnsReadOnlyLater(type, destination) ? ~Syscall.MS_RDONLY : ~0UL);
        if (tree is not null)
        {
            Syscall.AttachTree(tree, target, destination);
            if (options.RemountFlags != 0)
                Remount(destination, options.RemountFlags | Syscall.MS_BIND, source);
        }
        else if (bind)
        {
            Syscall.Mount(source, targetPath, null, flags | Syscall.MS_BIND, null, Describe("mount", source, destination, targetPath, flags | Syscall.MS_BIND, null));
            if (options.RemountFlags != 0)
                Remount(destination, options.RemountFlags | Syscall.MS_BIND, source);
        }
        else
        {
            string? data = NullIfEmpty(WithLabel(options.Data, type));
            // tmpcopyup: what the image has there is copied into the new tmpfs, read through a descriptor of the
            // directory underneath that stays valid once it is covered.
            using var underneath = options.CopyUp ? Syscall.Open(targetPath, Syscall.O_RDONLY | Syscall.O_DIRECTORY | Syscall.O_CLOEXEC) : null;
            Syscall.Mount(source ?? type, targetPath, type, flags, data, Describe("mount", source, destination, targetPath, flags, data));
            if (underneath is not null)
            {
                using var mounted = _root.TryOpen(destination) ?? throw new SyscallException($"open {destination}", Errno.ENOENT);
                TreeCopy.Copy(underneath, Syscall.ProcFdPath(mounted));
            }
        }
        if (options.Propagation != 0)
            SetPropagation(destination, options.Propagation);
        if (options.RecursiveSet != 0 || options.RecursiveClear != 0)
            SetRecursiveAttributes(destination, options);
    }

    /// <summary>
    /// /dev and tmpfs mounts are made writable, for the device nodes and modes still to come, and turn read-only at the
    /// end if asked (see <see cref="Rootfs.Finish"/>), as runc does it.
    /// </summary>
    public static bool TurnsReadOnlyLater(string? type, string destination) => type == "tmpfs" || "/" + destination.Trim('/') == "/dev";

    /// <summary>A mount(2) failure as runc's mountError words it: "mount SRC:DST (via /proc/self/fd/N), flags: 0x…, data: …".</summary>
    private static string Describe(string op, string? source, string destination, string procfd, ulong flags, string? data) =>
        $"{op} {(string.IsNullOrEmpty(source) ? "" : source + ":")}{destination} (via {procfd})"
        + (flags != 0 ? $", flags: 0x{flags:x}" : "") + (string.IsNullOrEmpty(data) ? "" : $", data: {data}");

    /// <summary>Remounts the mount now at <paramref name="destination"/> with new per-mount flags.</summary>
    public void Remount(string destination, ulong flags, string? source)
    {
        using SafeFileHandle target = ReopenMount(destination);
        string path = Syscall.ProcFdPath(target);
        if (Syscall.TryMount(null, path, null, flags | Syscall.MS_REMOUNT, null) is var errno and not 0)
        {
            // In a user namespace the flags the host set (nosuid, nodev, noexec, atime) are locked and must be repeated.
            const ulong lockable = Syscall.MS_NOSUID | Syscall.MS_NODEV | Syscall.MS_NOEXEC | Syscall.MS_NOATIME | Syscall.MS_NODIRATIME | Syscall.MS_RELATIME;
            ulong locked = errno == Errno.EPERM ? Syscall.MountFlagsOf(path) & lockable : 0;
            if (locked == 0)
                throw new SyscallException(Describe("mount", source, destination, path, flags | Syscall.MS_REMOUNT, null), errno);
            Syscall.Mount(null, path, null, flags | Syscall.MS_REMOUNT | locked, null, Describe("mount", source, destination, path, flags | Syscall.MS_REMOUNT | locked, null));
        }
    }

    private void SetPropagation(string destination, ulong propagation)
    {
        using SafeFileHandle target = ReopenMount(destination);
        Syscall.Mount(null, Syscall.ProcFdPath(target), null, propagation, null, $"change mount propagation through procfd: mount {destination} (via {Syscall.ProcFdPath(target)}), flags: 0x{propagation:x}");
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
    /// A "cgroup" mount, as runc makes it on a host with v1 hierarchies: a writable tmpfs with each hierarchy's container
    /// directory bound under its name (with the mount's own flags, read-only as a rule), and a link for each controller
    /// of a hierarchy that holds several ("cpu" → "cpu,cpuacct"). On a cgroup v2 host, the container's directory itself.
    /// </summary>
    private void MountCgroups(string destination, MountOptions options)
    {
        ulong flags = options.Flags & ~(Syscall.MS_BIND | Syscall.MS_REC | Syscall.MS_REMOUNT);
        if (_cgroupHierarchies.Count == 1 && _cgroupHierarchies.ContainsKey(""))
        {
            bool readOnly = (flags & Syscall.MS_RDONLY) != 0;
            Mount(new Mount { Destination = destination, Type = "bind", Source = _cgroupHierarchies[""], Options = readOnly ? ["rbind", "ro", "nosuid", "nodev", "noexec"] : ["rbind", "nosuid", "nodev", "noexec"] }, destination, null);
            if (options.Propagation != 0)
                SetPropagation(destination, options.Propagation);
            return;
        }
        const ulong tmpfsFlags = Syscall.MS_NOEXEC | Syscall.MS_NOSUID | Syscall.MS_NODEV;
        using (var target = _root.CreateDirectory(destination))
        {
            string path = Syscall.ProcFdPath(target);
            Syscall.Mount("tmpfs", path, "tmpfs", tmpfsFlags, "mode=755", Describe("mount", "tmpfs", destination, path, tmpfsFlags, "mode=755"));
        }
        // Propagation is a change of its own: mount(2) refuses it together with a new filesystem.
        if (options.Propagation != 0)
            SetPropagation(destination, options.Propagation);
        // The tmpfs is new and empty: a hierarchy's directory is made right in it, with no symlink to resolve.
        using var tmpfs = ReopenMount(destination);
        foreach (var (name, hostPath) in _cgroupHierarchies)
        {
            if (!Directory.Exists(hostPath))
                continue;
            string sub = $"{destination.TrimEnd('/')}/{name}";
            Syscall.MakeDirectoryAt(tmpfs, name, 0b111_101_101);
            using (var target = Syscall.OpenAt(tmpfs, name, Syscall.O_PATH | Syscall.O_DIRECTORY | Syscall.O_NOFOLLOW | Syscall.O_CLOEXEC))
            {
                string path = Syscall.ProcFdPath(target);
                Syscall.Mount(hostPath, path, null, Syscall.MS_BIND | Syscall.MS_REC, null, Describe("mount", hostPath, sub, path, Syscall.MS_BIND | Syscall.MS_REC | flags, null));
            }
            if (flags != 0)
                Remount(sub, Syscall.MS_BIND | Syscall.MS_REC | flags, hostPath);
            if (name.Contains(','))
            {
                foreach (string controller in name.Split(','))
                    Syscall.SymlinkAt(name, tmpfs, controller);
            }
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
