using System.Globalization;

namespace Hull.Cgroups;

/// <summary>
/// What a resctrl filesystem offers, read from its info directory: the resources it allocates (info/L3, info/MB, ...),
/// with the domains its root schemata lists, and monitoring (info/L3_MON).
/// </summary>
public sealed class ResctrlInfo
{
    private ResctrlInfo(ResctrlMount mount, IReadOnlyDictionary<string, ResctrlResource> resources, ResctrlMonitoring? monitoring)
    {
        Mount = mount;
        Resources = resources;
        Monitoring = monitoring;
    }

    public ResctrlMount Mount { get; }

    /// <summary>By the name schemata lines give them.</summary>
    public IReadOnlyDictionary<string, ResctrlResource> Resources { get; }

    /// <summary>Null where the host cannot monitor (no info/L3_MON).</summary>
    public ResctrlMonitoring? Monitoring { get; }

    /// <summary>Cache allocation (CAT): an L3 resource.</summary>
    public bool CacheAllocation => Resources.ContainsKey("L3");

    /// <summary>Memory bandwidth allocation (MBA): an MB resource.</summary>
    public bool BandwidthAllocation => Resources.ContainsKey("MB");

    /// <summary>The groups (CLOSIDs) the host can tell apart: the fewest any resource has.</summary>
    public int Closids => Resources.Count == 0 ? 1 : Resources.Values.Min(r => r.Closids);

    public static ResctrlInfo Read(ResctrlMount mount)
    {
        string info = Path.Combine(mount.Root, "info");
        var domains = SchemaLine.ParseFile(Read(mount.Root, "schemata"))
            .ToDictionary(l => l.Resource, l => (IReadOnlyList<int>)[.. l.Values.Select(v => v.Key)], StringComparer.Ordinal);
        var resources = new Dictionary<string, ResctrlResource>(StringComparer.Ordinal);
        foreach (string dir in Directory.Exists(info) ? Directory.EnumerateDirectories(info) : [])
        {
            string name = Path.GetFileName(dir);
            var ids = domains.GetValueOrDefault(name) ?? [];
            if (Read(dir, "cbm_mask") is { } mask)
                resources[name] = new CacheResource(name, ids, Number(dir, "num_closids"), mask, Number(dir, "min_cbm_bits"), Read(dir, "sparse_masks") == "1");
            else if (Read(dir, "min_bandwidth") is not null)
                resources[name] = new BandwidthResource(name, ids, Number(dir, "num_closids"), Number(dir, "bandwidth_gran"), Number(dir, "min_bandwidth"),
                    Number(dir, "delay_linear"), mount.BandwidthInMBps);
        }
        string monitor = Path.Combine(info, "L3_MON");
        var monitoring = Directory.Exists(monitor)
            ? new ResctrlMonitoring((Read(monitor, "mon_features") ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                Number(monitor, "num_rmids"))
            : null;
        return new ResctrlInfo(mount, resources, monitoring);
    }

    /// <summary>Why the kernel would refuse the line, or null: an unknown resource or domain, or a value out of its bounds.</summary>
    public string? Refusal(SchemaLine line)
    {
        if (!Resources.TryGetValue(line.Resource, out var resource))
            return $"this host's resctrl has no resource {line.Resource} (it has {Listed(Resources.Keys.Order(StringComparer.Ordinal))})";
        var seen = new HashSet<int>();
        foreach (var (domain, value) in line.Values)
        {
            if (!resource.Domains.Contains(domain))
                return $"{line.Resource} has no domain {domain} on this host (it has {Listed(resource.Domains)})";
            if (!seen.Add(domain))
                return $"{line.Resource} domain {domain} is given twice";
            if (resource.Refusal(value, out _) is { } why)
                return $"{line.Resource} domain {domain}: {why}";
        }
        return null;
    }

    /// <summary>What info/last_cmd_status says about the kernel's last refusal, or null.</summary>
    public static string? LastCommandStatus(string root) => Read(Path.Combine(root, "info"), "last_cmd_status");

    internal static string? Read(string dir, string file) => Hull.Linux.Syscall.ReadSmallFile(Path.Combine(dir, file))?.Trim();

    private static int Number(string dir, string file) =>
        int.TryParse(Read(dir, file), NumberStyles.None, CultureInfo.InvariantCulture, out int n) ? n : 0;

    private static string Listed<T>(IEnumerable<T> items) => items.Any() ? string.Join(", ", items) : "none";
}

/// <summary>What resctrl can count per group (info/L3_MON): the events (llc_occupancy, mbm_total_bytes, ...) and the RMIDs.</summary>
public sealed record ResctrlMonitoring(IReadOnlyList<string> Features, int Rmids)
{
    public bool Occupancy => Features.Contains("llc_occupancy");

    public bool Bandwidth => Features.Contains("mbm_total_bytes") || Features.Contains("mbm_local_bytes");
}
