using Hull.Linux;
using Hull.Spec;

namespace Hull.Runtime.Child;

/// <summary>Device nodes in the container's /dev: the OCI defaults plus linux.devices, and the standard /dev symlinks.</summary>
internal static class Devices
{
    private static readonly LinuxDevice[] Defaults =
    [
        Char("/dev/null", 1, 3),
        Char("/dev/zero", 1, 5),
        Char("/dev/full", 1, 7),
        Char("/dev/random", 1, 8),
        Char("/dev/urandom", 1, 9),
        Char("/dev/tty", 5, 0),
    ];

    /// <summary>The paths of the devices every container gets, and of those the config adds.</summary>
    public static IEnumerable<string> PathsOf(IEnumerable<LinuxDevice>? configured) =>
        Defaults.Concat(configured ?? []).Select(d => d.Path ?? "").Where(p => p.Length > 0).Distinct(StringComparer.Ordinal);

    /// <summary>Creates every device; in a user namespace (where mknod is refused) host nodes are bind-mounted instead.</summary>
    public static void Create(RootPath root, IEnumerable<LinuxDevice>? configured, bool bindInstead)
    {
        var devices = new Dictionary<string, LinuxDevice>(StringComparer.Ordinal);
        foreach (var device in Defaults.Concat(configured ?? []))
            devices[device.Path ?? throw new HullException("device without a path", ErrorKind.InvalidArgument)] = device;
        foreach (var device in devices.Values)
        {
            if (bindInstead)
                BindFromHost(root, device);
            else
                MakeNode(root, device);
        }
    }

    /// <summary>
    /// Once inside the root, as runc does: standard streams on the host's /dev/null are reopened on the container's,
    /// which the container can reach (and CRIU can dump: the host's /dev is not in the container's mount namespace).
    /// </summary>
    public static void ReopenNullStdio()
    {
        using var devNull = Syscall.TryOpen("/dev/null", Syscall.O_RDWR | Syscall.O_CLOEXEC, out _);
        if (devNull is null || Syscall.TryFstat(devNull) is not { IsDevice: true } own)
            return;
        for (int fd = 0; fd < 3; fd++)
        {
            using var stream = new Microsoft.Win32.SafeHandles.SafeFileHandle(fd, ownsHandle: false);
            if (Syscall.TryFstat(stream) is { IsDevice: true } status && status.Rdev == own.Rdev)
                Syscall.Dup2(devNull, fd);
        }
    }

    public static void CreateSymlinks(RootPath root, bool hasProc)
    {
        var links = new List<(string Link, string Target)>
        {
            ("/dev/fd", "/proc/self/fd"),
            ("/dev/stdin", "/proc/self/fd/0"),
            ("/dev/stdout", "/proc/self/fd/1"),
            ("/dev/stderr", "/proc/self/fd/2"),
        };
        if (hasProc && File.Exists("/proc/kcore"))
            links.Add(("/dev/core", "/proc/kcore"));
        using var dir = root.CreateDirectory("/dev");
        foreach (var (link, target) in links)
        {
            try
            {
                Syscall.SymlinkAt(target, dir, Path.GetFileName(link));
            }
            catch (SyscallException e) when (e.Errno == Errno.EEXIST)
            {
            }
        }
    }

    /// <summary>With a devpts mounted at /dev/pts, /dev/ptmx must lead to its ptmx.</summary>
    public static void LinkPtmx(RootPath root)
    {
        using var pts = root.TryOpen("/dev/pts/ptmx");
        if (pts is null)
            return;
        using var dev = root.CreateDirectory("/dev");
        Syscall.RemoveAt(dev, "ptmx");
        Syscall.SymlinkAt("pts/ptmx", dev, "ptmx");
    }

    private static void MakeNode(RootPath root, LinuxDevice device)
    {
        uint fileType = device.Type switch
        {
            "c" or "u" => 0x2000,
            "b" => 0x6000,
            "p" => 0x1000,
            _ => throw new HullException($"device {device.Path}: unknown type {device.Type}", ErrorKind.InvalidArgument),
        };
        string path = device.Path!;
        string parent = Path.GetDirectoryName(path) ?? "/";
        using var dir = root.CreateDirectory(parent);
        string name = Path.GetFileName(path);
        Syscall.RemoveAt(dir, name);
        uint mode = (device.FileMode ?? 0b110_110_110) & 0b111_111_111_111;
        Syscall.MakeNodeAt(dir, name, fileType | mode, Syscall.MakeDevice(device.Major ?? 0, device.Minor ?? 0));
        Syscall.ChownAt(dir, name, device.Uid ?? 0, device.Gid ?? 0);
    }

    private static void BindFromHost(RootPath root, LinuxDevice device)
    {
        using var target = root.CreateFile(device.Path!);
        Syscall.Mount(device.Path, Syscall.ProcFdPath(target), null, Syscall.MS_BIND, null, $"bind device {device.Path}");
    }

    private static LinuxDevice Char(string path, long major, long minor) =>
        new() { Path = path, Type = "c", Major = major, Minor = minor, FileMode = 0b110_110_110, Uid = 0, Gid = 0 };
}
