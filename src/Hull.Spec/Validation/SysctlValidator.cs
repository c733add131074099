using static Hull.Spec.ValidationContext;

namespace Hull.Spec;

/// <summary>
/// Checks <c>linux.sysctl</c>: only sysctls that belong to a namespace the container has of
/// its own may be set, so that a container never changes the host (runc's rules).
/// </summary>
internal static class SysctlValidator
{
    private static readonly string[] IpcSysctls =
    [
        "kernel.msgmax", "kernel.msgmnb", "kernel.msgmni", "kernel.sem",
        "kernel.shmall", "kernel.shmmax", "kernel.shmmni", "kernel.shm_rmid_forced",
    ];

    public static void Check(ValidationContext context, Dictionary<string, string>? sysctls)
    {
        foreach (var key in (sysctls ?? []).Keys)
        {
            var error = Problem(context, ToDotted(key));
            if (error is not null)
            {
                context.Error(Key("$.linux.sysctl", key), error);
            }
        }
    }

    /// <summary>
    /// The dotted form of a sysctl name. A name whose first separator is '/' uses '/' between
    /// components and '.' inside them (<c>net/ipv4/conf/eth0.100/rp_filter</c>); the two swap.
    /// </summary>
    public static string ToDotted(string name)
    {
        var first = name.IndexOfAny(['.', '/']);
        if (first < 0 || name[first] == '.')
        {
            return name;
        }
        return string.Create(name.Length, name, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = source[i] switch { '.' => '/', '/' => '.', var c => c };
            }
        });
    }

    private static string? Problem(ValidationContext context, string name)
    {
        if (IpcSysctls.Contains(name) || name.StartsWith("fs.mqueue.", StringComparison.Ordinal))
        {
            return context.HasNamespace(NamespaceTypes.Ipc)
                ? null
                : $"sysctl {Q(name)} is not allowed in the hosts ipc namespace";
        }
        if (name.StartsWith("net.", StringComparison.Ordinal))
        {
            return context.HasNamespace(NamespaceTypes.Network)
                ? null
                : $"sysctl {Q(name)} not allowed in host network namespace";
        }
        if (context.HasNamespace(NamespaceTypes.Uts))
        {
            if (name == "kernel.domainname")
            {
                return null;
            }
            if (name == "kernel.hostname")
            {
                return $"sysctl {Q(name)} is not allowed as it conflicts with the OCI \"hostname\" field";
            }
        }
        if (name.StartsWith("user.", StringComparison.Ordinal))
        {
            return context.HasNamespace(NamespaceTypes.User)
                ? null
                : $"setting ucounts without a user namespace not allowed: {name}";
        }
        return $"sysctl {Q(name)} is not in a separate kernel namespace";
    }
}
