namespace Hull.Cgroups;

/// <summary>
/// A container's cgroup on cgroupfs: one directory per mounted hierarchy, which covers v1, v2 and the
/// hybrid layout alike. Resource settings live with the controllers; this type places processes,
/// lists them, reports freezing and removes the directories.
/// </summary>
public sealed class CgroupManager
{
    private CgroupManager(IReadOnlyDictionary<string, string> paths)
    {
        Paths = paths;
    }

    /// <summary>Directory of this cgroup in each hierarchy, keyed by <see cref="CgroupMount.Key"/>.</summary>
    public IReadOnlyDictionary<string, string> Paths { get; }

    /// <summary>
    /// The cgroup for an OCI cgroupsPath: absolute paths are taken from each hierarchy's root, relative
    /// ones too (Hull does not nest containers under its own cgroup), and none means /hull/&lt;id&gt;.
    /// </summary>
    public static CgroupManager ForContainer(IReadOnlyList<CgroupMount> mounts, string? cgroupsPath, string containerId)
    {
        string relative = string.IsNullOrEmpty(cgroupsPath) ? $"hull/{containerId}" : cgroupsPath.TrimStart('/');
        if (relative.Split('/').Any(part => part == ".."))
            throw new ArgumentException($"cgroupsPath {cgroupsPath} must not contain '..'");
        var paths = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var mount in mounts)
        {
            if (!mount.Unified && mount.Controllers.Count == 0)
                continue;
            paths[mount.Key] = Path.Combine(mount.MountPoint, relative);
        }
        return new CgroupManager(paths);
    }

    public static CgroupManager FromPaths(IReadOnlyDictionary<string, string> paths) => new(paths);

    /// <summary>A manager that manages nothing: a rootless container whose user may not create cgroups.</summary>
    public static CgroupManager None { get; } = new(new Dictionary<string, string>());

    /// <summary>Creates the directories; false when this user may not (rootless without delegation), leaving nothing behind.</summary>
    public bool TryCreate()
    {
        try
        {
            foreach (string path in Paths.Values)
                Directory.CreateDirectory(path);
            return true;
        }
        catch (UnauthorizedAccessException)
        {
            Destroy();
            return false;
        }
    }

    /// <summary>Creates the directories (where missing) and moves the process into every one.</summary>
    public void Apply(int pid)
    {
        foreach (var (key, path) in Paths)
        {
            Directory.CreateDirectory(path);
            if (key.Split(',').Contains("cpuset"))
                InheritCpuset(path);
            File.WriteAllText(Path.Combine(path, "cgroup.procs"), pid.ToString());
        }
    }

    /// <summary>The pids in this cgroup (all hierarchies hold the same set; the first readable one answers).</summary>
    public IReadOnlyList<int> Pids()
    {
        foreach (string path in Paths.Values)
        {
            string procs = Path.Combine(path, "cgroup.procs");
            if (!File.Exists(procs))
                continue;
            return File.ReadAllLines(procs).Where(l => l.Length > 0).Select(int.Parse).ToList();
        }
        return [];
    }

    /// <summary>True when the freezer reports this cgroup frozen (v1 freezer.state or v2 cgroup.freeze).</summary>
    public bool IsFrozen()
    {
        foreach (var (key, path) in Paths)
        {
            if (key.Split(',').Contains("freezer") && File.Exists(Path.Combine(path, "freezer.state")))
                return File.ReadAllText(Path.Combine(path, "freezer.state")).Trim() is "FROZEN" or "FREEZING";
        }
        if (Paths.TryGetValue("", out string? unified) && File.Exists(Path.Combine(unified, "cgroup.freeze")))
            return File.ReadAllText(Path.Combine(unified, "cgroup.freeze")).Trim() == "1";
        return false;
    }

    /// <summary>Removes every directory of this cgroup, children first; directories still in use are retried briefly.</summary>
    public void Destroy()
    {
        foreach (string path in Paths.Values)
            RemoveTree(path);
    }

    private static void RemoveTree(string path)
    {
        if (!Directory.Exists(path))
            return;
        foreach (string child in Directory.GetDirectories(path))
            RemoveTree(child);
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                Directory.Delete(path);
                return;
            }
            catch (DirectoryNotFoundException)
            {
                return;
            }
            catch (IOException) when (attempt < 50)
            {
                Thread.Sleep(10);
            }
        }
    }

    /// <summary>A new v1 cpuset cgroup starts empty and refuses tasks; copy the parent's cpus and mems down.</summary>
    private static void InheritCpuset(string path)
    {
        foreach (string file in new[] { "cpuset.cpus", "cpuset.mems" })
        {
            string target = Path.Combine(path, file);
            if (File.ReadAllText(target).Trim().Length > 0)
                continue;
            string parent = Path.GetDirectoryName(path)!;
            if (File.ReadAllText(Path.Combine(parent, file)).Trim().Length == 0)
                InheritCpuset(parent);
            File.WriteAllText(target, File.ReadAllText(Path.Combine(parent, file)).Trim());
        }
    }
}
