namespace Hull.Runtime;

/// <summary>
/// Whether hull runs as the host's root, as runc tells it: effective uid 0 in the initial user namespace. Root of a user
/// namespace that maps less than every id (rootless podman runs its runtime so) is rootless too.
/// </summary>
public static class Privilege
{
    /// <summary>Whether this process is in a user namespace other than the host's (its uid_map is not the full range).</summary>
    public static bool InUserNamespace { get; } = !IsFullMap(Hull.Linux.Syscall.ReadSmallFile("/proc/self/uid_map"));

    /// <summary>Not the host's root: cgroups and state need what an unprivileged user has (runc's "auto" for --rootless).</summary>
    public static bool Rootless => Hull.Linux.Syscall.EffectiveUid() != 0 || InUserNamespace;

    /// <summary>
    /// runc's "auto" for --rootless with the systemd driver: unprivileged, or root of a user namespace that cannot reach
    /// the system's systemd (it can in a system container with its own) while its owner, not the host's root, has a
    /// systemd of its own (in XDG_RUNTIME_DIR) to ask for the container's unit.
    /// </summary>
    public static bool RootlessSystemd =>
        Hull.Linux.Syscall.EffectiveUid() != 0
        || (InUserNamespace && Hull.Linux.UidMap.ToHost(0) != 0 && !Hull.Linux.Syscall.CanWrite("/run/systemd/private")
            && Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR") is { Length: > 0 } runtimeDir && File.Exists(Path.Combine(runtimeDir, "systemd", "private")));

    /// <summary>"0 0 4294967295" alone: the initial namespace. A kernel without user namespaces has no uid_map at all.</summary>
    private static bool IsFullMap(string? uidMap)
    {
        if (uidMap is null)
            return true;
        string[] lines = uidMap.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return lines.Length == 1 && lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries) is ["0", "0", "4294967295"];
    }
}
