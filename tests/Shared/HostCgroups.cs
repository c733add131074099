namespace Hull.Tests;

/// <summary>
/// The host's cgroups as a test sees them, whatever their layout (v1, hybrid, pure v2) and driver: where a container's
/// cgroup files are, found through its process's /proc/PID/cgroup, and what is left of a container by its id.
/// No test names a hierarchy path of its own.
/// </summary>
public static class HostCgroups
{
    private static readonly Lazy<IReadOnlyList<(string MountPoint, string[] Controllers, bool Unified)>> Hierarchies = new(ReadHierarchies);

    /// <summary>Whether the host has cgroup v1 hierarchies (v1 or hybrid); false on a pure cgroup v2 host.</summary>
    public static bool HasV1 => Hierarchies.Value.Any(h => !h.Unified);

    /// <summary>
    /// The directory of the cgroup that holds <paramref name="pid"/> for <paramref name="controller"/>: its v1 hierarchy,
    /// or the cgroup2 one where no v1 hierarchy carries it.
    /// </summary>
    public static string DirectoryOf(int pid, string controller)
    {
        var own = File.ReadAllLines($"/proc/{pid}/cgroup").Select(line => line.Split(':', 3)).Where(p => p.Length == 3).ToList();
        foreach (var (mountPoint, controllers, unified) in Hierarchies.Value.Where(h => !h.Unified))
        {
            if (!controllers.Contains(controller))
                continue;
            var line = own.FirstOrDefault(p => p[1].Split(',').Contains(controller));
            if (line is not null)
                return mountPoint + line[2];
        }
        var cgroup2 = Hierarchies.Value.FirstOrDefault(h => h.Unified);
        var v2 = own.FirstOrDefault(p => p[0] == "0" && p[1].Length == 0);
        return cgroup2.MountPoint is not null && v2 is not null
            ? cgroup2.MountPoint + (v2[2] == "/" ? "" : v2[2])
            : throw new InvalidOperationException($"no hierarchy carries {controller} for process {pid}");
    }

    /// <summary>A cgroup file of <paramref name="pid"/>'s cgroup, e.g. "memory.max" or "memory.limit_in_bytes".</summary>
    public static string FileOf(int pid, string file) => Path.Combine(DirectoryOf(pid, file.Split('.')[0]), file);

    /// <summary>The trimmed content of <see cref="FileOf"/>.</summary>
    public static string Read(int pid, string file) => File.ReadAllText(FileOf(pid, file)).Trim();

    /// <summary>A setting kept under different names: <paramref name="v1File"/> where the host has v1 hierarchies, <paramref name="v2File"/> on a pure cgroup v2 host.</summary>
    public static string Read(int pid, string v1File, string v2File) => Read(pid, HasV1 ? v1File : v2File);

    /// <summary>What each layout writes for the same setting (the values differ where the files do).</summary>
    public static string Expected(string v1, string v2) => HasV1 ? v1 : v2;

    /// <summary>Cgroup directories, in any hierarchy, whose name contains <paramref name="id"/>: what a container left.</summary>
    public static IReadOnlyList<string> Named(string id)
    {
        var found = new List<string>();
        foreach (var (mountPoint, _, _) in Hierarchies.Value)
            Search(mountPoint, id, 0, found);
        return [.. found.Distinct()];
    }

    private static void Search(string dir, string id, int depth, List<string> found)
    {
        if (depth > 6)
            return;
        string[] children;
        try
        {
            children = Directory.GetDirectories(dir);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return;
        }
        foreach (string child in children)
        {
            if (Path.GetFileName(child).Contains(id, StringComparison.Ordinal))
                found.Add(child);
            else
                Search(child, id, depth + 1, found);
        }
    }

    private static List<(string, string[], bool)> ReadHierarchies() =>
        [.. File.ReadAllLines("/proc/self/mountinfo")
            .Select(line => line.Split(" - "))
            .Where(parts => parts.Length == 2 && (parts[1].StartsWith("cgroup ", StringComparison.Ordinal) || parts[1].StartsWith("cgroup2 ", StringComparison.Ordinal)))
            .Select(parts =>
            {
                string[] after = parts[1].Split(' ');
                bool unified = after[0] == "cgroup2";
                string[] controllers = unified ? [] : after[2].Split(',').Select(o => o.StartsWith("name=", StringComparison.Ordinal) ? o[5..] : o).ToArray();
                return (parts[0].Split(' ')[4], controllers, unified);
            })];
}
