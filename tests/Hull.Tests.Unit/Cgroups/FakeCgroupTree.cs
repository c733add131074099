namespace Hull.Tests.Unit.Cgroups;

/// <summary>
/// A cgroup tree of plain files in a temp directory, with a mountinfo and a /proc/self/cgroup that point at it.
/// A control file that exists is a feature the "kernel" has; writes just replace the content.
/// </summary>
public sealed class FakeCgroupTree : IDisposable
{
    public static readonly string[] V1Hierarchies = ["cpu,cpuacct", "cpuset", "memory", "devices", "freezer", "blkio", "pids", "hugetlb", "net_cls", "net_prio", "rdma"];

    private readonly List<string> _mountinfo = [];
    private readonly List<string> _procCgroup = [];

    public FakeCgroupTree()
    {
        Root = Directory.CreateTempSubdirectory("hull-cgtree-").FullName;
    }

    public string Root { get; }

    public string Mountinfo => Write(Path.Combine(Root, "mountinfo"), string.Join('\n', _mountinfo) + "\n");

    public string ProcCgroup => Write(Path.Combine(Root, "proc-cgroup"), string.Join('\n', _procCgroup) + "\n");

    /// <summary>Adds a v1 hierarchy mounted at ROOT/NAME; the process sits in <paramref name="own"/> there.</summary>
    public FakeCgroupTree V1(string controllers, string own = "/")
    {
        string dir = Path.Combine(Root, controllers);
        Directory.CreateDirectory(dir);
        _mountinfo.Add($"{30 + _mountinfo.Count} 20 0:{40 + _mountinfo.Count} / {dir} rw,relatime - cgroup cgroup rw,{controllers}");
        _procCgroup.Add($"{_procCgroup.Count + 1}:{controllers}:{own}");
        return this;
    }

    public FakeCgroupTree AllV1(string own = "/")
    {
        foreach (string h in V1Hierarchies)
            V1(h, own);
        return this;
    }

    /// <summary>Adds the cgroup2 mount at ROOT/unified offering <paramref name="controllers"/>.</summary>
    public FakeCgroupTree V2(string controllers, string own = "/", string name = "unified")
    {
        string dir = Path.Combine(Root, name);
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "cgroup.controllers"), controllers);
        File.WriteAllText(Path.Combine(dir, "cgroup.subtree_control"), "");
        _mountinfo.Add($"{30 + _mountinfo.Count} 20 0:{40 + _mountinfo.Count} / {dir} rw,relatime - cgroup2 cgroup2 rw");
        _procCgroup.Add($"0::{own}");
        return this;
    }

    /// <summary>Creates control files (empty, or with content) in a cgroup directory below the root.</summary>
    public string Files(string relativeDir, params string[] files)
    {
        string dir = Path.Combine(Root, relativeDir);
        Directory.CreateDirectory(dir);
        foreach (string file in files)
        {
            string[] parts = file.Split('=', 2);
            File.WriteAllText(Path.Combine(dir, parts[0]), parts.Length > 1 ? parts[1] : "");
        }
        return dir;
    }

    public string Read(string relativePath) => File.ReadAllText(Path.Combine(Root, relativePath));

    public bool Exists(string relativePath) => File.Exists(Path.Combine(Root, relativePath));

    public void Dispose() => Directory.Delete(Root, recursive: true);

    private static string Write(string path, string text)
    {
        File.WriteAllText(path, text);
        return path;
    }
}
