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

/// <summary>Intel RDT counters; Hull reports none (runc prints an empty object without RDT).</summary>
public sealed class IntelRdtStats;
