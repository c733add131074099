namespace Hull.Cgroups;

/// <summary>Stats from v2 files, converted to runc's v1-shaped numbers (nanoseconds, memory+swap).</summary>
internal static class V2Stats
{
    public static CgroupStats Read(string dir)
    {
        var stats = new CgroupStats();
        Cpu(CgroupFile.ReadFlatKeyed(dir, "cpu.stat"), stats.Cpu);
        stats.CpuSet.Cpus = V1Stats.NonEmpty(CgroupConversions.ParseCpuList(CgroupFile.Read(dir, "cpuset.cpus.effective")));
        stats.CpuSet.Mems = V1Stats.NonEmpty(CgroupConversions.ParseCpuList(CgroupFile.Read(dir, "cpuset.mems.effective")));
        Memory(dir, stats.Memory);
        stats.Pids.Current = CgroupFile.ReadUInt(dir, "pids.current");
        ulong max = CgroupFile.ReadUInt(dir, "pids.max");
        stats.Pids.Limit = max == ulong.MaxValue ? 0 : max;
        Io(CgroupFile.Read(dir, "io.stat"), stats.Blkio);
        Hugetlb(dir, stats.Hugetlb);
        return stats;
    }

    /// <summary>cpu.stat counts microseconds; runc reports nanoseconds.</summary>
    public static void Cpu(Dictionary<string, ulong> stat, CpuStats stats)
    {
        stats.Usage.Total = stat.GetValueOrDefault("usage_usec") * 1000;
        stats.Usage.User = stat.GetValueOrDefault("user_usec") * 1000;
        stats.Usage.Kernel = stat.GetValueOrDefault("system_usec") * 1000;
        stats.Throttling.Periods = stat.GetValueOrDefault("nr_periods");
        stats.Throttling.ThrottledPeriods = stat.GetValueOrDefault("nr_throttled");
        stats.Throttling.ThrottledTime = stat.GetValueOrDefault("throttled_usec") * 1000;
    }

    /// <summary>
    /// memory.current/max/peak and memory.events "max" as failures; swap is reported as memory+swap like v1's memsw,
    /// so that v1 and v2 numbers mean the same. The page cache is memory.stat's "file".
    /// </summary>
    public static void Memory(string dir, MemoryStats stats)
    {
        var raw = CgroupFile.ReadFlatKeyed(dir, "memory.stat");
        stats.Raw = raw.Count > 0 ? raw : null;
        stats.Cache = raw.GetValueOrDefault("file");
        var events = CgroupFile.ReadFlatKeyed(dir, "memory.events");
        stats.Usage = new MemoryEntry
        {
            Usage = CgroupFile.ReadUInt(dir, "memory.current"),
            Max = CgroupFile.ReadUInt(dir, "memory.peak"),
            Limit = CgroupFile.ReadUInt(dir, "memory.max"),
            Failcnt = events.GetValueOrDefault("max"),
        };
        if (CgroupFile.Exists(dir, "memory.swap.current"))
        {
            ulong swapLimit = CgroupFile.ReadUInt(dir, "memory.swap.max");
            stats.Swap = new MemoryEntry
            {
                Usage = CgroupFile.ReadUInt(dir, "memory.swap.current") + stats.Usage.Usage,
                Max = CgroupFile.ReadUInt(dir, "memory.swap.peak"),
                Limit = swapLimit == ulong.MaxValue || stats.Usage.Limit == ulong.MaxValue ? ulong.MaxValue : swapLimit + stats.Usage.Limit,
                Failcnt = CgroupFile.ReadFlatKeyed(dir, "memory.swap.events").GetValueOrDefault("max"),
            };
        }
        stats.Kernel = new MemoryEntry { Usage = raw.GetValueOrDefault("kernel") };
        stats.KernelTcp = new MemoryEntry { Usage = raw.GetValueOrDefault("sock") };
    }

    /// <summary>io.stat lines "8:0 rbytes=1 wbytes=2 rios=3 wios=4 dbytes=0 dios=0" as runc's Read/Write entries.</summary>
    public static void Io(string? text, BlkioStats stats)
    {
        var bytes = new List<BlkioEntry>();
        var ios = new List<BlkioEntry>();
        foreach (string line in (text ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            string[] device = fields[0].Split(':');
            if (device.Length != 2 || !ulong.TryParse(device[0], out ulong major) || !ulong.TryParse(device[1], out ulong minor))
                continue;
            foreach (string field in fields.Skip(1))
            {
                string[] kv = field.Split('=', 2);
                if (kv.Length != 2)
                    continue;
                (List<BlkioEntry>? list, string? op) = kv[0] switch
                {
                    "rbytes" => (bytes, "Read"),
                    "wbytes" => (bytes, "Write"),
                    "dbytes" => (bytes, "Discard"),
                    "rios" => (ios, "Read"),
                    "wios" => (ios, "Write"),
                    "dios" => (ios, "Discard"),
                    _ => ((List<BlkioEntry>?)null, (string?)null),
                };
                list?.Add(new BlkioEntry { Major = major, Minor = minor, Op = op, Value = CgroupFile.ParseUInt(kv[1]) });
            }
        }
        stats.IoServiceBytesRecursive = V1Stats.NonEmpty(bytes);
        stats.IoServicedRecursive = V1Stats.NonEmpty(ios);
    }

    public static void Hugetlb(string dir, Dictionary<string, HugetlbStats> stats)
    {
        foreach (string size in HugePageSizes.Of(dir, ".max"))
        {
            stats[size] = new HugetlbStats
            {
                Usage = CgroupFile.ReadUInt(dir, $"hugetlb.{size}.current"),
                Failcnt = CgroupFile.ReadFlatKeyed(dir, $"hugetlb.{size}.events").GetValueOrDefault("max"),
            };
        }
    }
}
