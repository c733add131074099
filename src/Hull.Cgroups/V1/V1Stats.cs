namespace Hull.Cgroups;

/// <summary>Stats from v1 files: cpuacct, cpu.stat, memory, pids, blkio and hugetlb.</summary>
internal static class V1Stats
{
    /// <summary>USER_HZ: cpuacct.stat counts in these ticks.</summary>
    private const ulong TicksPerSecond = 100;

    public static void Cpu(string? cpuDir, string? cpuacctDir, CpuStats stats)
    {
        if (cpuacctDir is not null)
        {
            stats.Usage.Total = CgroupFile.ReadUInt(cpuacctDir, "cpuacct.usage");
            stats.Usage.PerCpu = NonEmpty(ParseList(CgroupFile.Read(cpuacctDir, "cpuacct.usage_percpu")));
            stats.Usage.PerCpuKernel = NonEmpty(ParseList(CgroupFile.Read(cpuacctDir, "cpuacct.usage_percpu_sys")));
            stats.Usage.PerCpuUser = NonEmpty(ParseList(CgroupFile.Read(cpuacctDir, "cpuacct.usage_percpu_user")));
            var ticks = CgroupFile.ReadFlatKeyed(cpuacctDir, "cpuacct.stat");
            stats.Usage.User = ticks.GetValueOrDefault("user") * (1_000_000_000 / TicksPerSecond);
            stats.Usage.Kernel = ticks.GetValueOrDefault("system") * (1_000_000_000 / TicksPerSecond);
        }
        if (cpuDir is not null)
        {
            var throttling = CgroupFile.ReadFlatKeyed(cpuDir, "cpu.stat");
            stats.Throttling.Periods = throttling.GetValueOrDefault("nr_periods");
            stats.Throttling.ThrottledPeriods = throttling.GetValueOrDefault("nr_throttled");
            stats.Throttling.ThrottledTime = throttling.GetValueOrDefault("throttled_time");
        }
    }

    public static void Memory(string dir, MemoryStats stats)
    {
        var raw = CgroupFile.ReadFlatKeyed(dir, "memory.stat");
        stats.Raw = raw.Count > 0 ? raw : null;
        stats.Cache = raw.GetValueOrDefault("cache");
        stats.Usage = Entry(dir, "memory");
        stats.Swap = Entry(dir, "memory.memsw");
        stats.Kernel = Entry(dir, "memory.kmem");
        stats.KernelTcp = Entry(dir, "memory.kmem.tcp");
    }

    /// <summary>A v1 memory counter family: PREFIX.usage_in_bytes, .max_usage_in_bytes, .failcnt, .limit_in_bytes.</summary>
    private static MemoryEntry Entry(string dir, string prefix) => new()
    {
        Usage = CgroupFile.ReadUInt(dir, prefix + ".usage_in_bytes"),
        Max = CgroupFile.ReadUInt(dir, prefix + ".max_usage_in_bytes"),
        Failcnt = CgroupFile.ReadUInt(dir, prefix + ".failcnt"),
        Limit = CgroupFile.ReadUInt(dir, prefix + ".limit_in_bytes"),
    };

    public static void CpuSet(string dir, CpuSetStats stats)
    {
        stats.Cpus = NonEmpty(CgroupConversions.ParseCpuList(CgroupFile.Read(dir, "cpuset.cpus")));
        stats.Mems = NonEmpty(CgroupConversions.ParseCpuList(CgroupFile.Read(dir, "cpuset.mems")));
        stats.CpuExclusive = CgroupFile.ReadUInt(dir, "cpuset.cpu_exclusive");
        stats.MemHardwall = CgroupFile.ReadUInt(dir, "cpuset.mem_hardwall");
        stats.MemExclusive = CgroupFile.ReadUInt(dir, "cpuset.mem_exclusive");
        stats.MemoryMigrate = CgroupFile.ReadUInt(dir, "cpuset.memory_migrate");
        stats.MemorySpreadPage = CgroupFile.ReadUInt(dir, "cpuset.memory_spread_page");
        stats.MemorySpreadSlab = CgroupFile.ReadUInt(dir, "cpuset.memory_spread_slab");
        stats.MemoryPressure = CgroupFile.ReadUInt(dir, "cpuset.memory_pressure");
        stats.SchedLoadBalance = CgroupFile.ReadUInt(dir, "cpuset.sched_load_balance");
        stats.SchedRelaxDomainLevel = long.TryParse(CgroupFile.Read(dir, "cpuset.sched_relax_domain_level"), out long level) ? level : 0;
    }

    public static void Pids(string dir, PidsStats stats)
    {
        stats.Current = CgroupFile.ReadUInt(dir, "pids.current");
        ulong max = CgroupFile.ReadUInt(dir, "pids.max");
        stats.Limit = max == ulong.MaxValue ? 0 : max;
    }

    /// <summary>CFQ's blkio.io_* files where present, else BFQ's blkio.bfq.io_*, else the throttle counters.</summary>
    public static void Blkio(string dir, BlkioStats stats)
    {
        string prefix = CgroupFile.Exists(dir, "blkio.io_service_bytes_recursive") ? "blkio."
            : CgroupFile.Exists(dir, "blkio.bfq.io_service_bytes_recursive") ? "blkio.bfq." : "blkio.throttle.";
        stats.IoServiceBytesRecursive = NonEmpty(ParseBlkio(CgroupFile.Read(dir, prefix + "io_service_bytes_recursive")));
        stats.IoServicedRecursive = NonEmpty(ParseBlkio(CgroupFile.Read(dir, prefix + "io_serviced_recursive")));
        if (prefix != "blkio.throttle.")
        {
            stats.IoQueuedRecursive = NonEmpty(ParseBlkio(CgroupFile.Read(dir, prefix + "io_queued_recursive")));
            stats.IoServiceTimeRecursive = NonEmpty(ParseBlkio(CgroupFile.Read(dir, prefix + "io_service_time_recursive")));
            stats.IoWaitTimeRecursive = NonEmpty(ParseBlkio(CgroupFile.Read(dir, prefix + "io_wait_time_recursive")));
            stats.IoMergedRecursive = NonEmpty(ParseBlkio(CgroupFile.Read(dir, prefix + "io_merged_recursive")));
            stats.IoTimeRecursive = NonEmpty(ParseBlkio(CgroupFile.Read(dir, prefix + "time_recursive")));
            stats.SectorsRecursive = NonEmpty(ParseBlkio(CgroupFile.Read(dir, prefix + "sectors_recursive")));
        }
    }

    public static void Hugetlb(string dir, Dictionary<string, HugetlbStats> stats)
    {
        foreach (string size in HugePageSizes.Of(dir, ".limit_in_bytes"))
        {
            stats[size] = new HugetlbStats
            {
                Usage = CgroupFile.ReadUInt(dir, $"hugetlb.{size}.usage_in_bytes"),
                Max = CgroupFile.ReadUInt(dir, $"hugetlb.{size}.max_usage_in_bytes"),
                Failcnt = CgroupFile.ReadUInt(dir, $"hugetlb.{size}.failcnt"),
            };
        }
    }

    /// <summary>
    /// blkio lines: "8:0 Read 4096", or "8:0 4096" for single-valued files; a trailing "Total 4096" has no device.
    /// </summary>
    public static List<BlkioEntry> ParseBlkio(string? text)
    {
        var entries = new List<BlkioEntry>();
        foreach (string line in (text ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            string[] device = fields[0].Split(':');
            if (device.Length != 2 || !ulong.TryParse(device[0], out ulong major) || !ulong.TryParse(device[1], out ulong minor))
                continue;
            var entry = new BlkioEntry { Major = major, Minor = minor };
            if (fields.Length == 3)
            {
                entry.Op = fields[1];
                entry.Value = CgroupFile.ParseUInt(fields[2]);
            }
            else if (fields.Length == 2)
            {
                entry.Value = CgroupFile.ParseUInt(fields[1]);
            }
            else
            {
                continue;
            }
            entries.Add(entry);
        }
        return entries;
    }

    public static List<ulong> ParseList(string? text) =>
        (text ?? "").Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries).Select(CgroupFile.ParseUInt).ToList();

    internal static List<T>? NonEmpty<T>(List<T> list) => list.Count > 0 ? list : null;
}

/// <summary>The huge page sizes a hugetlb cgroup directory has files for ("2MB", "1GB").</summary>
internal static class HugePageSizes
{
    public static IEnumerable<string> Of(string dir, string suffix)
    {
        if (!Directory.Exists(dir))
            return [];
        return Directory.GetFiles(dir, "hugetlb.*" + suffix)
            .Select(f => Path.GetFileName(f)["hugetlb.".Length..^suffix.Length])
            .Where(size => !size.Contains('.', StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);
    }
}
