using Hull.Linux;
using Hull.Spec;
using Microsoft.Win32.SafeHandles;

namespace Hull.Cgroups;

/// <summary>cgroup v1 through cgroupfs: one directory per mounted hierarchy.</summary>
public sealed class V1CgroupManager : ICgroupManager
{
    private readonly Dictionary<string, string> _paths;

    /// <param name="paths">The cgroup's directory per hierarchy, keyed by the hierarchy's controllers joined with ','.</param>
    public V1CgroupManager(IReadOnlyDictionary<string, string> paths)
    {
        _paths = new Dictionary<string, string>(paths.Where(p => p.Key.Length > 0), StringComparer.Ordinal);
    }

    public CgroupState State => new() { Layout = "v1", Paths = new Dictionary<string, string>(_paths, StringComparer.Ordinal) };

    public IReadOnlyDictionary<string, string> Paths => _paths;

    /// <summary>The directory of the hierarchy that carries a controller; null when none is mounted.</summary>
    public string? Dir(string controller)
    {
        foreach (var (key, path) in _paths)
        {
            if (key.Split(',').Contains(controller))
                return path;
        }
        return null;
    }

    public SafeFileHandle? OpenForkDirectory(bool startChargeable) => null;

    public CgroupJoinFiles OpenSelfJoin(bool forkedIntoCgroup2)
    {
        var files = new List<SafeFileHandle>();
        try
        {
            foreach (var (key, path) in _paths)
                files.Add(OpenTasks(key, path));
            return new CgroupJoinFiles(files, forkedIntoCgroup2: false, coverEveryHierarchy: true);
        }
        catch
        {
            files.ForEach(f => f.Dispose());
            throw;
        }
    }

    public void Apply(int pid, CgroupJoinFiles? joined = null)
    {
        // A self-joining process had its directories created when its tasks files were opened.
        if (joined is { TaskFiles.Count: > 0 })
            return;
        foreach (string path in Create())
            JoinProcess(path, pid);
    }

    /// <summary>
    /// A hierarchy's tasks file, opened for writing. The directory is made only when it is missing, since `create`
    /// made it a moment before and `exec` joins an existing one; a cpuset is given its parent's CPUs and memory nodes
    /// if it has none yet, as a process cannot join it until then.
    /// </summary>
    private static SafeFileHandle OpenTasks(string key, string path)
    {
        string tasks = Path.Combine(path, "tasks");
        SafeFileHandle opened;
        try
        {
            opened = Syscall.Open(tasks, Syscall.O_WRONLY | Syscall.O_CLOEXEC);
        }
        catch (SyscallException e) when (e.Errno == Errno.ENOENT)
        {
            CreateDirectory(key, path);
            return Syscall.Open(tasks, Syscall.O_WRONLY | Syscall.O_CLOEXEC);
        }
        try
        {
            if (IsCpuset(key))
                InheritCpuset(path);
            return opened;
        }
        catch
        {
            opened.Dispose();
            throw;
        }
    }

    /// <summary>Creates the cgroup's directory in every hierarchy, and yields it.</summary>
    private IEnumerable<string> Create()
    {
        foreach (var (key, path) in _paths)
        {
            CreateDirectory(key, path);
            yield return path;
        }
    }

    private static void CreateDirectory(string key, string path)
    {
        CgroupTree.CreateDirectory(path);
        if (IsCpuset(key))
            InheritCpuset(path);
    }

    private static bool IsCpuset(string key) => key.Split(',').Contains("cpuset");

    public void Set(LinuxResources resources)
    {
        if (resources.Unified is { Count: > 0 })
            throw new CgroupException($"cannot set unified resources ({string.Join(", ", resources.Unified.Keys)}): they need cgroup v2, and this host has cgroup v1");
        if (V1Cpu.HasCpuset(resources.Cpu))
        {
            // A cpuset's CPUs must be within its parent's, and a parent made on the way has none until given its own.
            string cpuset = Require("cpuset");
            InheritCpuset(cpuset);
            V1Cpu.SetCpuset(cpuset, resources.Cpu!);
        }
        if (V1Cpu.HasCpu(resources.Cpu))
            V1Cpu.Set(Require("cpu"), resources.Cpu!);
        if (resources.Memory is { } memory && (V1Memory.HasAny(memory) || memory.CheckBeforeUpdate == true))
            V1Memory.Set(Require("memory"), memory);
        if (resources.Pids is { } pids)
            V1Other.SetPids(Require("pids"), pids);
        if (V1BlockIO.HasAny(resources.BlockIO))
            V1BlockIO.Set(Require("blkio"), resources.BlockIO!);
        if (resources.HugepageLimits is { Count: > 0 } hugepages)
            V1Other.SetHugetlb(Require("hugetlb"), hugepages);
        if (resources.Network?.ClassId is uint classId && classId != 0)
            V1Other.SetNetClass(Require("net_cls"), classId);
        if (resources.Network?.Priorities is { Count: > 0 } priorities)
            V1Other.SetNetPriorities(Require("net_prio"), priorities);
        if (resources.Rdma is { Count: > 0 } rdma)
            V1Other.SetRdma(Require("rdma"), rdma);
        if (resources.Devices is { } devices)
            V1Devices.Set(Require("devices"), devices);
    }

    public IReadOnlyList<int> Pids()
    {
        string? dir = Dir("pids") ?? Dir("freezer") ?? Dir("memory") ?? _paths.Values.FirstOrDefault();
        return dir is null ? [] : CgroupTree.Pids(dir);
    }

    public bool IsFrozen()
    {
        string? dir = Dir("freezer");
        return dir is not null && CgroupFile.Read(dir, "freezer.state") is "FROZEN" or "FREEZING";
    }

    /// <summary>
    /// Writes FROZEN and waits for freezer.state to say so. A task stuck in a vfork or in the kernel can keep the
    /// cgroup FREEZING; thawing and freezing again lets the kernel retry, as runc does.
    /// </summary>
    public void Freeze()
    {
        string dir = Require("freezer");
        for (int attempt = 0; attempt < 100; attempt++)
        {
            CgroupFile.Write(dir, "freezer.state", "FROZEN");
            if (CgroupTree.WaitFor(() => CgroupFile.Read(dir, "freezer.state") == "FROZEN", TimeSpan.FromMilliseconds(attempt < 10 ? 50 : 200)))
                return;
            CgroupFile.Write(dir, "freezer.state", "THAWED");
        }
        CgroupFile.Write(dir, "freezer.state", "THAWED");
        throw new CgroupException($"cannot freeze {dir}: freezer.state never became FROZEN");
    }

    public void Thaw()
    {
        string? dir = Dir("freezer");
        if (dir is null || !Directory.Exists(dir))
            return;
        CgroupFile.Write(dir, "freezer.state", "THAWED");
        if (!CgroupTree.WaitFor(() => CgroupFile.Read(dir, "freezer.state") == "THAWED", TimeSpan.FromSeconds(5)))
            throw new CgroupException($"cannot thaw {dir}: freezer.state never became THAWED");
    }

    public CgroupStats Stats()
    {
        var stats = new CgroupStats();
        V1Stats.Cpu(Existing("cpu"), Existing("cpuacct"), stats.Cpu);
        if (Existing("cpuset") is { } cpuset)
            V1Stats.CpuSet(cpuset, stats.CpuSet);
        if (Existing("memory") is { } memory)
            V1Stats.Memory(memory, stats.Memory);
        if (Existing("pids") is { } pids)
            V1Stats.Pids(pids, stats.Pids);
        if (Existing("blkio") is { } blkio)
            V1Stats.Blkio(blkio, stats.Blkio);
        if (Existing("hugetlb") is { } hugetlb)
            V1Stats.Hugetlb(hugetlb, stats.Hugetlb);
        return stats;
    }

    public ulong OomKillCount() =>
        Existing("memory") is { } dir ? CgroupFile.ReadFlatKeyed(dir, "memory.oom_control").GetValueOrDefault("oom_kill") : 0;

    public OomWatcher WatchOom() => new V1OomWatcher(Require("memory"));

    public void Destroy()
    {
        if (Existing("freezer") is not null)
            Thaw();
        CgroupTree.KillAll(Pids, string.Join(", ", _paths.Values.Distinct()));
        foreach (string path in _paths.Values)
            CgroupTree.Remove(path);
    }

    private string? Existing(string controller) => Dir(controller) is { } dir && Directory.Exists(dir) ? dir : null;

    private string Require(string controller) =>
        Dir(controller) ?? throw new CgroupException($"cannot set {controller} limit: container could not join or create cgroup");

    /// <summary>Writes the pid to cgroup.procs; EINVAL can mean the task is still being forked, so it is retried briefly.</summary>
    internal static void JoinProcess(string dir, int pid)
    {
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                CgroupFile.Write(dir, "cgroup.procs", pid.ToString(System.Globalization.CultureInfo.InvariantCulture));
                return;
            }
            catch (CgroupException e) when (CgroupFile.ErrnoOf(e) == Errno.EINVAL && attempt < 5)
            {
                Thread.Sleep(30);
            }
        }
    }

    /// <summary>A new v1 cpuset cgroup starts empty and refuses tasks; copy the parent's cpus and mems down.</summary>
    private static void InheritCpuset(string path)
    {
        foreach (string file in new[] { "cpuset.cpus", "cpuset.mems" })
        {
            if (CgroupFile.Read(path, file) is not { Length: 0 })
                continue;
            string parent = Path.GetDirectoryName(path)!;
            string? inherited = CgroupFile.Read(parent, file);
            if (inherited is { Length: 0 })
            {
                InheritCpuset(parent);
                inherited = CgroupFile.Read(parent, file);
            }
            CgroupFile.WriteExisting(Path.Combine(path, file), inherited ?? "");
        }
    }
}
