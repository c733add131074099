using LinuxConfig = Hull.Spec.Linux;

namespace Hull.Runtime;

/// <summary>OCI namespace types and their clone(2) flags.</summary>
public static class Namespaces
{
    public const ulong CLONE_NEWTIME = 0x80;
    public const ulong CLONE_NEWNS = 0x20000;
    public const ulong CLONE_NEWCGROUP = 0x02000000;
    public const ulong CLONE_NEWUTS = 0x04000000;
    public const ulong CLONE_NEWIPC = 0x08000000;
    public const ulong CLONE_NEWUSER = 0x10000000;
    public const ulong CLONE_NEWPID = 0x20000000;
    public const ulong CLONE_NEWNET = 0x40000000;

    /// <summary>OCI type names with their flags and the name of their /proc/PID/ns entry.</summary>
    public static readonly IReadOnlyList<(string Type, ulong Flag, string ProcName)> All =
    [
        ("user", CLONE_NEWUSER, "user"),
        ("pid", CLONE_NEWPID, "pid"),
        ("network", CLONE_NEWNET, "net"),
        ("mount", CLONE_NEWNS, "mnt"),
        ("ipc", CLONE_NEWIPC, "ipc"),
        ("uts", CLONE_NEWUTS, "uts"),
        ("cgroup", CLONE_NEWCGROUP, "cgroup"),
        ("time", CLONE_NEWTIME, "time"),
    ];

    /// <summary>Whether the config asks for a namespace of this type, new or joined.</summary>
    public static bool Has(LinuxConfig? linux, string type) => linux?.Namespaces?.Any(n => n.Type == type) == true;

    /// <summary>
    /// Whether the container's processes run in a user namespace, where mknod is refused and ids must be mapped: one of
    /// the config's, or the runtime's own (rootless podman's).
    /// </summary>
    public static bool InUserNamespace(LinuxConfig? linux) => Has(linux, "user") || Privilege.InUserNamespace;

    /// <summary>Whether the config asks for a new namespace of this type (one without a path to join).</summary>
    public static bool IsNew(LinuxConfig? linux, string type) =>
        linux?.Namespaces?.Any(n => n.Type == type && string.IsNullOrEmpty(n.Path)) == true;

    public static ulong Flag(string type)
    {
        foreach (var ns in All)
        {
            if (ns.Type == type)
                return ns.Flag;
        }
        throw new HullException($"unknown namespace type {type}", ErrorKind.InvalidArgument);
    }
}
