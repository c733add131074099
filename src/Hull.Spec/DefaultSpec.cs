namespace Hull.Spec;

/// <summary>The example configuration written by <c>spec</c>, the same as <c>runc spec</c> writes.</summary>
public static class DefaultSpec
{
    /// <summary>The specification version Hull writes and implements.</summary>
    public const string OciVersion = "1.2.0";

    private static readonly string[] DefaultCapabilities = ["CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE"];

    /// <summary>
    /// A new example configuration; with <paramref name="rootless"/>, made to run as the current
    /// effective user (see <see cref="MakeRootless"/>).
    /// </summary>
    public static RuntimeSpec Create(bool rootless = false)
    {
        var spec = Example();
        if (rootless)
        {
            var (uid, gid) = CurrentIds.Effective();
            MakeRootless(spec, uid, gid);
        }
        return spec;
    }

    /// <summary>
    /// Adapts <paramref name="spec"/> for a user without privileges on the host, as <c>runc spec
    /// --rootless</c> does: a user namespace mapping container root to
    /// <paramref name="hostUid"/>:<paramref name="hostGid"/>, no network namespace, <c>/sys</c>
    /// bind-mounted from the host, no <c>uid=</c>/<c>gid=</c> mount options, no cgroup resources.
    /// </summary>
    public static void MakeRootless(RuntimeSpec spec, uint hostUid, uint hostGid)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var linux = spec.Linux ??= new Linux();
        linux.Namespaces =
        [
            .. (linux.Namespaces ?? []).Where(n => n.Type is not (NamespaceTypes.Network or NamespaceTypes.User)),
            new LinuxNamespace { Type = NamespaceTypes.User },
        ];
        linux.UidMappings = [new LinuxIdMapping { ContainerId = 0, HostId = hostUid, Size = 1 }];
        linux.GidMappings = [new LinuxIdMapping { ContainerId = 0, HostId = hostGid, Size = 1 }];
        linux.Resources = null;
        spec.Mounts = spec.Mounts?.Select(RootlessMount).ToList();
    }

    private static Mount RootlessMount(Mount mount)
    {
        if (mount.Destination?.TrimEnd('/') == "/sys")
        {
            return new Mount
            {
                Destination = "/sys",
                Type = "none",
                Source = "/sys",
                Options = ["rbind", "nosuid", "noexec", "nodev", "ro"],
            };
        }
        var options = mount.Options?
            .Where(o => !o.StartsWith("uid=", StringComparison.Ordinal) && !o.StartsWith("gid=", StringComparison.Ordinal))
            .ToList();
        mount.Options = options is { Count: > 0 } ? options : null;
        return mount;
    }

    private static RuntimeSpec Example() => new()
    {
        OciVersion = OciVersion,
        Process = new Process
        {
            Terminal = true,
            User = new User { Uid = 0, Gid = 0 },
            Args = ["sh"],
            Env = ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "TERM=xterm"],
            Cwd = "/",
            Capabilities = new LinuxCapabilities
            {
                Bounding = [.. DefaultCapabilities],
                Effective = [.. DefaultCapabilities],
                Permitted = [.. DefaultCapabilities],
                Ambient = [.. DefaultCapabilities],
            },
            Rlimits = [new PosixRlimit { Type = "RLIMIT_NOFILE", Hard = 1024, Soft = 1024 }],
            NoNewPrivileges = true,
        },
        Root = new Root { Path = "rootfs", Readonly = true },
        Hostname = "hull",
        Mounts =
        [
            MountOf("/proc", "proc", "proc"),
            MountOf("/dev", "tmpfs", "tmpfs", "nosuid", "strictatime", "mode=755", "size=65536k"),
            MountOf("/dev/pts", "devpts", "devpts", "nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"),
            MountOf("/dev/shm", "tmpfs", "shm", "nosuid", "noexec", "nodev", "mode=1777", "size=65536k"),
            MountOf("/dev/mqueue", "mqueue", "mqueue", "nosuid", "noexec", "nodev"),
            MountOf("/sys", "sysfs", "sysfs", "nosuid", "noexec", "nodev", "ro"),
            MountOf("/sys/fs/cgroup", "cgroup", "cgroup", "nosuid", "noexec", "nodev", "relatime", "ro"),
        ],
        Linux = new Linux
        {
            Resources = new LinuxResources
            {
                Devices = [new LinuxDeviceCgroup { Allow = false, Access = "rwm" }],
            },
            Namespaces =
            [
                new LinuxNamespace { Type = NamespaceTypes.Pid },
                new LinuxNamespace { Type = NamespaceTypes.Network },
                new LinuxNamespace { Type = NamespaceTypes.Ipc },
                new LinuxNamespace { Type = NamespaceTypes.Uts },
                new LinuxNamespace { Type = NamespaceTypes.Mount },
            ],
            MaskedPaths =
            [
                "/proc/acpi",
                "/proc/asound",
                "/proc/kcore",
                "/proc/keys",
                "/proc/latency_stats",
                "/proc/timer_list",
                "/proc/timer_stats",
                "/proc/sched_debug",
                "/sys/firmware",
                "/proc/scsi",
            ],
            ReadonlyPaths =
            [
                "/proc/bus",
                "/proc/fs",
                "/proc/irq",
                "/proc/sys",
                "/proc/sysrq-trigger",
            ],
        },
    };

    private static Mount MountOf(string destination, string type, string source, params string[] options) => new()
    {
        Destination = destination,
        Type = type,
        Source = source,
        Options = options.Length == 0 ? null : [.. options],
    };
}
