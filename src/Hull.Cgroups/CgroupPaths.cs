using Hull.Linux;

namespace Hull.Cgroups;

/// <summary>
/// Where a container's cgroup goes for a cgroupfs cgroupsPath, as runc places it. Absolute paths are taken from each
/// hierarchy's root. Relative ones are relative to the runtime's own cgroup: in v1 to the process's cgroup in that
/// hierarchy, in v2 to its parent (the runtime's own leaf already holds processes). None means the container's id,
/// relative. A path is cleaned lexically as a rooted one first, so ".." cannot climb out of the hierarchy.
/// </summary>
public static class CgroupPaths
{
    /// <summary>The directory of the cgroup in every hierarchy that carries controllers, keyed by <see cref="CgroupMount.Key"/>.</summary>
    public static Dictionary<string, string> Resolve(IReadOnlyList<CgroupMount> mounts, string? cgroupsPath, string containerId, IReadOnlyDictionary<string, string> ownCgroups)
    {
        string inner = Clean(string.IsNullOrEmpty(cgroupsPath) ? containerId : cgroupsPath);
        bool absolute = inner.StartsWith('/');
        var paths = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var mount in mounts)
        {
            if (!mount.Unified && mount.Controllers.Count == 0)
                continue;
            string parent = absolute ? "/" : OwnCgroupUnderMount(mount, ownCgroups);
            paths[mount.Key] = Join(mount.MountPoint, parent, inner.TrimStart('/'));
        }
        return paths;
    }

    /// <summary>Parses /proc/PID/cgroup into the process's cgroup per hierarchy key ("" for cgroup2).</summary>
    public static Dictionary<string, string> ParseProcCgroup(string text)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] parts = line.Split(':', 3);
            if (parts.Length != 3)
                continue;
            string key = string.Join(',', parts[1].Split(',', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));
            result[key] = parts[2];
        }
        return result;
    }

    public static Dictionary<string, string> ReadProcCgroup(string path = "/proc/self/cgroup") =>
        Syscall.ReadSmallFile(path) is { } text ? ParseProcCgroup(text) : [];

    private static string OwnCgroupUnderMount(CgroupMount mount, IReadOnlyDictionary<string, string> ownCgroups)
    {
        if (!ownCgroups.TryGetValue(mount.Key, out string? own))
            return "/";
        if (mount.Unified)
            own = Path.GetDirectoryName(own) ?? "/";
        // A mount of a sub-tree (a container's view) shows the hierarchy from its root field down.
        if (mount.Root != "/" && (own == mount.Root || own.StartsWith(mount.Root + "/", StringComparison.Ordinal)))
            own = own[mount.Root.Length..];
        return own.Length == 0 ? "/" : own;
    }

    private static string Join(string mountPoint, string parent, string inner)
    {
        string path = Path.Combine(mountPoint, parent.TrimStart('/'), inner);
        return path.Length > 1 ? path.TrimEnd('/') : path;
    }

    /// <summary>runc's CleanPath: "." and ".." resolved as if the path were rooted; a relative path stays relative.</summary>
    public static string Clean(string path)
    {
        var parts = new List<string>();
        foreach (string part in path.Split('/'))
        {
            if (part is "" or ".")
                continue;
            if (part == "..")
            {
                if (parts.Count > 0)
                    parts.RemoveAt(parts.Count - 1);
                continue;
            }
            parts.Add(part);
        }
        string joined = string.Join('/', parts);
        return path.StartsWith('/') ? "/" + joined : joined;
    }
}
