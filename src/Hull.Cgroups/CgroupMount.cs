using Hull.Linux;

namespace Hull.Cgroups;

/// <summary>One mounted cgroup hierarchy: a v1 hierarchy with its controllers, or the v2 unified one.</summary>
public sealed record CgroupMount(string MountPoint, bool Unified, IReadOnlyList<string> Controllers)
{
    /// <summary>The key Hull stores this hierarchy under: "" for unified, else its controllers joined by ','.</summary>
    public string Key => Unified ? "" : string.Join(',', Controllers);

    /// <summary>The directory of the hierarchy that is mounted (mountinfo's root field), "/" normally.</summary>
    public string Root { get; init; } = "/";

    /// <summary>Reads the cgroup hierarchies from a mountinfo file (normally /proc/self/mountinfo).</summary>
    public static IReadOnlyList<CgroupMount> Read(string mountinfoPath = "/proc/self/mountinfo")
    {
        var mounts = new List<CgroupMount>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        string mountinfo = Syscall.ReadSmallFile(mountinfoPath) ?? throw new FileNotFoundException($"{mountinfoPath} not found", mountinfoPath);
        foreach (string line in mountinfo.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var mount = Parse(line);
            if (mount is not null && seen.Add(mount.Key))
                mounts.Add(mount);
        }
        return mounts;
    }

    /// <summary>Parses one mountinfo line; null when it is not a cgroup mount.</summary>
    public static CgroupMount? Parse(string line)
    {
        int separator = line.IndexOf(" - ", StringComparison.Ordinal);
        // Most lines are other filesystems: only cgroup ones are split up.
        if (separator < 0 || string.CompareOrdinal(line, separator + 3, "cgroup", 0, 6) != 0)
            return null;
        string[] before = line[..separator].Split(' ');
        string[] after = line[(separator + 3)..].Split(' ');
        if (before.Length < 5 || after.Length < 3)
            return null;
        string mountPoint = MountInfoText.Unescape(before[4]);
        string root = MountInfoText.Unescape(before[3]);
        return after[0] switch
        {
            "cgroup2" => new CgroupMount(mountPoint, true, []) { Root = root },
            "cgroup" => new CgroupMount(mountPoint, false, V1Controllers(after[2])) { Root = root },
            _ => null,
        };
    }

    private static string[] V1Controllers(string superOptions) =>
        superOptions.Split(',').Where(o => o is not ("rw" or "ro") && !o.StartsWith("release_agent=", StringComparison.Ordinal)
            && o is not ("noprefix" or "clone_children" or "xattr" or "cpuset_v2_mode")).Order(StringComparer.Ordinal).ToArray();
}
