namespace Hull.Spec;

/// <summary>The namespace types of <see cref="LinuxNamespace.Type"/>.</summary>
public static class NamespaceTypes
{
    /// <summary>Process ids.</summary>
    public const string Pid = "pid";

    /// <summary>Network devices, stacks and ports.</summary>
    public const string Network = "network";

    /// <summary>Mount points.</summary>
    public const string Mount = "mount";

    /// <summary>System V IPC and POSIX message queues.</summary>
    public const string Ipc = "ipc";

    /// <summary>Hostname and NIS domain name.</summary>
    public const string Uts = "uts";

    /// <summary>User and group ids.</summary>
    public const string User = "user";

    /// <summary>cgroup root.</summary>
    public const string Cgroup = "cgroup";

    /// <summary>Boot and monotonic clocks.</summary>
    public const string Time = "time";

    /// <summary>Every namespace type, in the order <c>features</c> reports them.</summary>
    public static IReadOnlyList<string> All { get; } =
        [Cgroup, Ipc, Mount, Network, Pid, Time, User, Uts];

    /// <summary>Whether <paramref name="type"/> is a known namespace type.</summary>
    public static bool IsKnown(string? type) => type is not null && All.Contains(type);
}
