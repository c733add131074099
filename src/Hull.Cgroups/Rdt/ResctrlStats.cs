using System.Globalization;

namespace Hull.Cgroups;

/// <summary>A container's Intel RDT figures as runc's `events --stats` gives them, read from its resctrl groups.</summary>
public static class ResctrlStats
{
    public static IntelRdtStats Read(RdtState state)
    {
        var info = ResctrlInfo.Read(state.Mount);
        var rootLines = Lines(state.Root);
        var groupLines = Lines(state.Group);
        var stats = new IntelRdtStats { Schemata = groupLines.Count > 0 ? groupLines : null };
        if (info.Resources.GetValueOrDefault("L3") is CacheResource cache)
        {
            stats.L3CacheInfo = new L3CacheInfo { CbmMask = cache.CbmMask, MinCbmBits = (ulong)cache.MinCbmBits, NumClosids = (ulong)cache.Closids };
            stats.L3CacheSchemaRoot = LineOf(rootLines, "L3");
            stats.L3CacheSchema = LineOf(groupLines, "L3");
        }
        if (info.Resources.GetValueOrDefault("MB") is BandwidthResource bandwidth)
        {
            stats.MemBwInfo = new MemBwInfo
            {
                BandwidthGran = (ulong)bandwidth.Granularity,
                DelayLinear = (ulong)bandwidth.DelayLinear,
                MinBandwidth = (ulong)bandwidth.Minimum,
                NumClosids = (ulong)bandwidth.Closids,
            };
            stats.MemBwSchemaRoot = LineOf(rootLines, "MB");
            stats.MemBwSchema = LineOf(groupLines, "MB");
        }
        if (info.Monitoring is { } monitoring && (monitoring.Bandwidth || monitoring.Occupancy))
            ReadMonitoring(Path.Combine(state.MonitorGroup ?? state.Group, "mon_data"), monitoring, stats);
        return stats;
    }

    /// <summary>One directory per domain (mon_L3_00, ...), in the kernel's order.</summary>
    private static void ReadMonitoring(string monData, ResctrlMonitoring monitoring, IntelRdtStats stats)
    {
        var domains = Directory.Exists(monData) ? Directory.GetDirectories(monData).Order(StringComparer.Ordinal).ToList() : [];
        if (monitoring.Bandwidth)
            stats.MbmStats = [.. domains.Select(d => new MbmDomainStats { MbmTotalBytes = Counter(d, "mbm_total_bytes"), MbmLocalBytes = Counter(d, "mbm_local_bytes") })];
        if (monitoring.Occupancy)
            stats.CmtStats = [.. domains.Select(d => new CmtDomainStats { LlcOccupancy = Counter(d, "llc_occupancy") })];
    }

    private static List<string> Lines(string group) =>
        [.. (ResctrlInfo.Read(group, "schemata") ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    private static string? LineOf(List<string> lines, string resource) =>
        lines.LastOrDefault(l => SchemaLine.TryParse(l)?.Resource == resource);

    /// <summary>A counter; 0 where the kernel has none to give ("Unavailable" until the first sample).</summary>
    private static ulong Counter(string domain, string file) =>
        ulong.TryParse(ResctrlInfo.Read(domain, file), NumberStyles.None, CultureInfo.InvariantCulture, out ulong value) ? value : 0;
}
