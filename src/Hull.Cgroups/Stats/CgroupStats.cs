using System.Text.Json.Serialization;

namespace Hull.Cgroups;

// The shape and names of runc's types.Stats (the "data" of `runc events --stats`): Go's omitempty
// becomes WhenWritingDefault on numbers and WhenWritingNull on lists (empty lists are kept null).

/// <summary>Usage counters of a cgroup, serialised exactly as runc's `events --stats` prints them.</summary>
public sealed class CgroupStats
{
    [JsonPropertyName("cpu")]
    public CpuStats Cpu { get; set; } = new();

    [JsonPropertyName("cpuset")]
    public CpuSetStats CpuSet { get; set; } = new();

    [JsonPropertyName("memory")]
    public MemoryStats Memory { get; set; } = new();

    [JsonPropertyName("pids")]
    public PidsStats Pids { get; set; } = new();

    [JsonPropertyName("blkio")]
    public BlkioStats Blkio { get; set; } = new();

    /// <summary>Per page size ("2MB", "1GB").</summary>
    [JsonPropertyName("hugetlb")]
    public Dictionary<string, HugetlbStats> Hugetlb { get; set; } = [];

    [JsonPropertyName("intel_rdt")]
    public IntelRdtStats IntelRdt { get; set; } = new();

    /// <summary>Always null: Hull reads no network counters (runc prints null without a network namespace to read).</summary>
    [JsonPropertyName("network_interfaces")]
    public List<object>? NetworkInterfaces { get; set; }
}

/// <summary>CPU time and throttling.</summary>
public sealed class CpuStats
{
    [JsonPropertyName("usage")]
    public CpuUsage Usage { get; set; } = new();

    [JsonPropertyName("throttling")]
    public CpuThrottling Throttling { get; set; } = new();
}

/// <summary>CPU time in nanoseconds.</summary>
public sealed class CpuUsage
{
    [JsonPropertyName("total")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public ulong Total { get; set; }

    [JsonPropertyName("percpu")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<ulong>? PerCpu { get; set; }

    [JsonPropertyName("percpu_kernel")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<ulong>? PerCpuKernel { get; set; }

    [JsonPropertyName("percpu_user")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<ulong>? PerCpuUser { get; set; }

    [JsonPropertyName("kernel")]
    public ulong Kernel { get; set; }

    [JsonPropertyName("user")]
    public ulong User { get; set; }
}

/// <summary>CFS bandwidth throttling counters.</summary>
public sealed class CpuThrottling
{
    [JsonPropertyName("periods")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public ulong Periods { get; set; }

    [JsonPropertyName("throttledPeriods")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public ulong ThrottledPeriods { get; set; }

    /// <summary>Nanoseconds.</summary>
    [JsonPropertyName("throttledTime")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public ulong ThrottledTime { get; set; }
}

/// <summary>The cpuset of the cgroup.</summary>
public sealed class CpuSetStats
{
    [JsonPropertyName("cpus")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<ushort>? Cpus { get; set; }

    [JsonPropertyName("cpu_exclusive")]
    public ulong CpuExclusive { get; set; }

    [JsonPropertyName("mems")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<ushort>? Mems { get; set; }

    [JsonPropertyName("mem_hardwall")]
    public ulong MemHardwall { get; set; }

    [JsonPropertyName("mem_exclusive")]
    public ulong MemExclusive { get; set; }

    [JsonPropertyName("memory_migrate")]
    public ulong MemoryMigrate { get; set; }

    [JsonPropertyName("memory_spread_page")]
    public ulong MemorySpreadPage { get; set; }

    [JsonPropertyName("memory_spread_slab")]
    public ulong MemorySpreadSlab { get; set; }

    [JsonPropertyName("memory_pressure")]
    public ulong MemoryPressure { get; set; }

    [JsonPropertyName("sched_load_balance")]
    public ulong SchedLoadBalance { get; set; }

    [JsonPropertyName("sched_relax_domain_level")]
    public long SchedRelaxDomainLevel { get; set; }
}

/// <summary>Memory usage; swap is memory+swap as on cgroup v1 (v2 values are converted).</summary>
public sealed class MemoryStats
{
    [JsonPropertyName("cache")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public ulong Cache { get; set; }

    [JsonPropertyName("usage")]
    public MemoryEntry Usage { get; set; } = new();

    [JsonPropertyName("swap")]
    public MemoryEntry Swap { get; set; } = new();

    [JsonPropertyName("kernel")]
    public MemoryEntry Kernel { get; set; } = new();

    [JsonPropertyName("kernelTCP")]
    public MemoryEntry KernelTcp { get; set; } = new();

    /// <summary>memory.stat as read.</summary>
    [JsonPropertyName("raw")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Dictionary<string, ulong>? Raw { get; set; }
}

/// <summary>One memory counter: limit, usage, peak and failures.</summary>
public sealed class MemoryEntry
{
    [JsonPropertyName("limit")]
    public ulong Limit { get; set; }

    [JsonPropertyName("usage")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public ulong Usage { get; set; }

    [JsonPropertyName("max")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public ulong Max { get; set; }

    [JsonPropertyName("failcnt")]
    public ulong Failcnt { get; set; }
}

/// <summary>Task count and limit (0 means no limit).</summary>
public sealed class PidsStats
{
    [JsonPropertyName("current")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public ulong Current { get; set; }

    [JsonPropertyName("limit")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public ulong Limit { get; set; }
}

/// <summary>Block I/O counters per device and operation.</summary>
public sealed class BlkioStats
{
    [JsonPropertyName("ioServiceBytesRecursive")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<BlkioEntry>? IoServiceBytesRecursive { get; set; }

    [JsonPropertyName("ioServicedRecursive")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<BlkioEntry>? IoServicedRecursive { get; set; }

    [JsonPropertyName("ioQueueRecursive")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<BlkioEntry>? IoQueuedRecursive { get; set; }

    [JsonPropertyName("ioServiceTimeRecursive")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<BlkioEntry>? IoServiceTimeRecursive { get; set; }

    [JsonPropertyName("ioWaitTimeRecursive")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<BlkioEntry>? IoWaitTimeRecursive { get; set; }

    [JsonPropertyName("ioMergedRecursive")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<BlkioEntry>? IoMergedRecursive { get; set; }

    [JsonPropertyName("ioTimeRecursive")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<BlkioEntry>? IoTimeRecursive { get; set; }

    [JsonPropertyName("sectorsRecursive")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<BlkioEntry>? SectorsRecursive { get; set; }
}

/// <summary>One block I/O counter: device, operation ("Read", "Write", "Total", ...) and value.</summary>
public sealed class BlkioEntry
{
    [JsonPropertyName("major")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public ulong Major { get; set; }

    [JsonPropertyName("minor")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public ulong Minor { get; set; }

    [JsonPropertyName("op")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Op { get; set; }

    [JsonPropertyName("value")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public ulong Value { get; set; }
}

/// <summary>Hugetlb usage of one page size.</summary>
public sealed class HugetlbStats
{
    [JsonPropertyName("usage")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public ulong Usage { get; set; }

    [JsonPropertyName("max")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public ulong Max { get; set; }

    [JsonPropertyName("failcnt")]
    public ulong Failcnt { get; set; }
}

/// <summary>Intel RDT: the group's schemata and what resctrl counts for it; an empty object without RDT, as runc's.</summary>
public sealed class IntelRdtStats
{
    [JsonPropertyName("l3_cache_info")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public L3CacheInfo? L3CacheInfo { get; set; }

    /// <summary>The root group's L3 line: the whole cache.</summary>
    [JsonPropertyName("l3_cache_schema_root")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? L3CacheSchemaRoot { get; set; }

    [JsonPropertyName("l3_cache_schema")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? L3CacheSchema { get; set; }

    [JsonPropertyName("mem_bw_info")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public MemBwInfo? MemBwInfo { get; set; }

    [JsonPropertyName("mem_bw_schema_root")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? MemBwSchemaRoot { get; set; }

    [JsonPropertyName("mem_bw_schema")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? MemBwSchema { get; set; }

    /// <summary>Every line of the group's schemata file.</summary>
    [JsonPropertyName("schemata")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<string>? Schemata { get; set; }

    /// <summary>Memory bandwidth counted per domain (mon_data/mon_L3_NN).</summary>
    [JsonPropertyName("mbm_stats")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<MbmDomainStats>? MbmStats { get; set; }

    /// <summary>Cache occupancy per domain.</summary>
    [JsonPropertyName("cmt_stats")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<CmtDomainStats>? CmtStats { get; set; }
}

/// <summary>What info/L3 says of the cache.</summary>
public sealed class L3CacheInfo
{
    [JsonPropertyName("cbm_mask")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? CbmMask { get; set; }

    [JsonPropertyName("min_cbm_bits")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public ulong MinCbmBits { get; set; }

    [JsonPropertyName("num_closids")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public ulong NumClosids { get; set; }
}

/// <summary>What info/MB says of memory bandwidth allocation.</summary>
public sealed class MemBwInfo
{
    [JsonPropertyName("bandwidth_gran")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public ulong BandwidthGran { get; set; }

    [JsonPropertyName("delay_linear")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public ulong DelayLinear { get; set; }

    [JsonPropertyName("min_bandwidth")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public ulong MinBandwidth { get; set; }

    [JsonPropertyName("num_closids")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public ulong NumClosids { get; set; }
}

/// <summary>Memory bandwidth monitoring of one domain, in bytes.</summary>
public sealed class MbmDomainStats
{
    [JsonPropertyName("mbm_total_bytes")]
    public ulong MbmTotalBytes { get; set; }

    [JsonPropertyName("mbm_local_bytes")]
    public ulong MbmLocalBytes { get; set; }
}

/// <summary>Cache monitoring of one domain: the bytes of L3 the group occupies.</summary>
public sealed class CmtDomainStats
{
    [JsonPropertyName("llc_occupancy")]
    public ulong LlcOccupancy { get; set; }
}
