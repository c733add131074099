namespace Hull.Spec;

/// <summary>The Linux capability names, indexed by capability number.</summary>
public static class CapabilityNames
{
    /// <summary>Every capability up to <c>CAP_CHECKPOINT_RESTORE</c>; the index is the capability number.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        "CAP_CHOWN",
        "CAP_DAC_OVERRIDE",
        "CAP_DAC_READ_SEARCH",
        "CAP_FOWNER",
        "CAP_FSETID",
        "CAP_KILL",
        "CAP_SETGID",
        "CAP_SETUID",
        "CAP_SETPCAP",
        "CAP_LINUX_IMMUTABLE",
        "CAP_NET_BIND_SERVICE",
        "CAP_NET_BROADCAST",
        "CAP_NET_ADMIN",
        "CAP_NET_RAW",
        "CAP_IPC_LOCK",
        "CAP_IPC_OWNER",
        "CAP_SYS_MODULE",
        "CAP_SYS_RAWIO",
        "CAP_SYS_CHROOT",
        "CAP_SYS_PTRACE",
        "CAP_SYS_PACCT",
        "CAP_SYS_ADMIN",
        "CAP_SYS_BOOT",
        "CAP_SYS_NICE",
        "CAP_SYS_RESOURCE",
        "CAP_SYS_TIME",
        "CAP_SYS_TTY_CONFIG",
        "CAP_MKNOD",
        "CAP_LEASE",
        "CAP_AUDIT_WRITE",
        "CAP_AUDIT_CONTROL",
        "CAP_SETFCAP",
        "CAP_MAC_OVERRIDE",
        "CAP_MAC_ADMIN",
        "CAP_SYSLOG",
        "CAP_WAKE_ALARM",
        "CAP_BLOCK_SUSPEND",
        "CAP_AUDIT_READ",
        "CAP_PERFMON",
        "CAP_BPF",
        "CAP_CHECKPOINT_RESTORE",
    ];

    /// <summary>The number of capability <paramref name="name"/>, or -1 when it is unknown.</summary>
    public static int NumberOf(string? name)
    {
        for (var i = 0; i < All.Count; i++)
        {
            if (All[i] == name)
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>Whether <paramref name="name"/> is a known capability.</summary>
    public static bool IsKnown(string? name) => NumberOf(name) >= 0;

    /// <summary>
    /// The warning runc gives for capabilities it does not know, in every set at once, sorted; null when all are known.
    /// They are ignored, so that a config written for a newer kernel still runs.
    /// </summary>
    public static string? UnknownWarning(LinuxCapabilities? capabilities)
    {
        var unknown = new[] { capabilities?.Bounding, capabilities?.Effective, capabilities?.Inheritable, capabilities?.Permitted, capabilities?.Ambient }
            .SelectMany(set => set ?? []).Where(name => !IsKnown(name)).Distinct().Order(StringComparer.Ordinal).ToList();
        return unknown.Count == 0 ? null : $"ignoring unknown or unavailable capabilities: [{string.Join(' ', unknown)}]";
    }
}
