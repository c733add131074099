using Hull.Spec;
using Microsoft.Win32.SafeHandles;

namespace Hull.Cgroups;

/// <summary>
/// The hybrid layout: v1 hierarchies for the controllers mounted as v1, and the cgroup2 mount for the
/// controllers it holds that have no v1 hierarchy (hugetlb on this kind of host). Device rules go through an
/// eBPF program on the cgroup2 directory when no v1 devices hierarchy exists; the unified map always goes there.
/// </summary>
public sealed class HybridCgroupManager : ICgroupManager
{
    private readonly V1CgroupManager _v1;
    private readonly V2CgroupManager _unified;
    private readonly HashSet<string> _unifiedOnly;

    /// <param name="v1">The v1 side.</param>
    /// <param name="unified">The cgroup2 side, enabling only the controllers that v1 lacks.</param>
    public HybridCgroupManager(V1CgroupManager v1, V2CgroupManager unified)
    {
        _v1 = v1;
        _unified = unified;
        _unifiedOnly = new HashSet<string>((unified.Controllers ?? []).Select(ResourceParts.V1Name), StringComparer.Ordinal);
    }

    public CgroupState State
    {
        get
        {
            var paths = new Dictionary<string, string>(_v1.Paths, StringComparer.Ordinal) { [""] = _unified.Dir };
            return new CgroupState { Layout = "hybrid", Paths = paths, UnifiedMount = _unified.MountPoint, UnifiedControllers = _unified.Controllers?.ToList() ?? [] };
        }
    }

    public IReadOnlyDictionary<string, string> Paths => State.Paths;

    public SafeFileHandle? OpenForkDirectory(bool startChargeable) => _unified.OpenForkDirectory(startChargeable);

    public CgroupJoinFiles OpenSelfJoin(bool forkedIntoCgroup2) =>
        new(_v1.OpenSelfJoin(forkedIntoCgroup2: false).TaskFiles, forkedIntoCgroup2, coverEveryHierarchy: forkedIntoCgroup2);

    public void Apply(int pid, CgroupJoinFiles? joined = null)
    {
        _v1.Apply(pid, joined);
        _unified.Apply(pid, joined);
    }

    public void Set(LinuxResources resources)
    {
        _v1.Set(ResourceParts.Only(resources, c => !Unified(c)));
        var unified = ResourceParts.Only(resources, Unified);
        if (ResourceParts.Needed(unified).Any())
            _unified.Set(unified);
    }

    private bool Unified(string controller) => controller switch
    {
        "unified" => true,
        "devices" => _v1.Dir("devices") is null,
        _ => _v1.Dir(controller) is null && _unifiedOnly.Contains(controller),
    };

    public IReadOnlyList<int> Pids() => _v1.Paths.Count > 0 ? _v1.Pids() : _unified.Pids();

    public void Freeze()
    {
        if (_v1.Dir("freezer") is not null)
            _v1.Freeze();
        else
            _unified.Freeze();
    }

    public void Thaw()
    {
        if (_v1.Dir("freezer") is not null)
            _v1.Thaw();
        else
            _unified.Thaw();
    }

    public bool IsFrozen() => _v1.Dir("freezer") is not null ? _v1.IsFrozen() : _unified.IsFrozen();

    public CgroupStats Stats()
    {
        var stats = _v1.Stats();
        if (_unifiedOnly.Contains("hugetlb") && Directory.Exists(_unified.Dir))
            V2Stats.Hugetlb(_unified.Dir, stats.Hugetlb);
        return stats;
    }

    public ulong OomKillCount() => _v1.OomKillCount();

    public OomWatcher WatchOom() => _v1.WatchOom();

    public void Destroy()
    {
        _v1.Destroy();
        _unified.Destroy();
    }
}
