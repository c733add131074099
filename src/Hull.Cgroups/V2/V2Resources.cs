using System.Globalization;
using Hull.Spec;

namespace Hull.Cgroups;

/// <summary>Writes the spec's (v1-flavoured) resources to v2 files, converting where the two differ.</summary>
internal static class V2Resources
{
    public static void Set(string dir, LinuxResources r)
    {
        if (r.Cpu is { } cpu)
        {
            SetCpu(dir, cpu);
            if (!string.IsNullOrEmpty(cpu.Cpus))
                CgroupFile.Write(dir, "cpuset.cpus", cpu.Cpus);
            if (!string.IsNullOrEmpty(cpu.Mems))
                CgroupFile.Write(dir, "cpuset.mems", cpu.Mems);
        }
        if (r.Memory is { } memory)
            SetMemory(dir, memory);
        if (r.Pids is { } pids)
            CgroupFile.Write(dir, "pids.max", V1Other.PidsLimit(pids.Limit));
        if (r.BlockIO is { } io)
            SetIo(dir, io);
        foreach (var limit in r.HugepageLimits ?? [])
            CgroupFile.Write(dir, $"hugetlb.{limit.PageSize}.max", Text(limit.Limit ?? 0));
        if (r.Rdma is { Count: > 0 } rdma)
            V1Other.SetRdma(dir, rdma);
        if (r.Network is { } network && (network.ClassId is > 0 || network.Priorities is { Count: > 0 }))
            throw new CgroupException("cannot set net_cls.classid or net_prio.ifpriomap: the network controllers do not exist in cgroup v2");
        // The unified map goes last: it is the user's explicit word on v2 files and overrides conversions.
        foreach (var (key, value) in r.Unified ?? [])
            SetUnified(dir, key, value);
    }

    private static void SetCpu(string dir, LinuxCpu cpu)
    {
        if (cpu.Shares is ulong shares && shares != 0)
            CgroupFile.Write(dir, "cpu.weight", Text(CgroupConversions.CpuSharesToWeight(shares)));
        if (cpu.Quota is long quota && quota != 0 || cpu.Period is ulong period && period != 0)
            CgroupFile.Write(dir, "cpu.max", CpuMax(cpu.Quota, cpu.Period, CgroupFile.Read(dir, "cpu.max")));
        if (cpu.Burst is ulong burst)
            CgroupFile.Write(dir, "cpu.max.burst", Text(burst));
        if (cpu.Idle is long idle)
            CgroupFile.Write(dir, "cpu.idle", idle.ToString(CultureInfo.InvariantCulture));
        if (cpu.RealtimeRuntime is long rt && rt != 0 || cpu.RealtimePeriod is ulong rp && rp != 0)
            throw new CgroupException("cannot set cpu.rt_runtime_us or cpu.rt_period_us: realtime CPU limits do not exist in cgroup v2");
    }

    /// <summary>cpu.max is "QUOTA PERIOD"; a missing half keeps what the file has (quota "max", period 100000 by default).</summary>
    public static string CpuMax(long? quota, ulong? period, string? current)
    {
        string[] now = (current ?? "max 100000").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        string quotaText = quota is long q && q != 0 ? CgroupConversions.V2Limit(q) : now.Length > 0 ? now[0] : "max";
        string periodText = period is ulong p && p != 0 ? Text(p) : now.Length > 1 ? now[1] : "100000";
        return $"{quotaText} {periodText}";
    }

    private static void SetMemory(string dir, LinuxMemory memory)
    {
        if (memory.CheckBeforeUpdate == true && memory.Limit is long wanted && wanted > 0)
        {
            ulong usage = CgroupFile.ReadUInt(dir, "memory.current");
            if ((ulong)wanted < usage)
                throw new CgroupException($"rejecting memory limit {wanted} below the current usage {usage} (checkBeforeUpdate)");
        }
        long? swap = CgroupConversions.SwapToV2(memory.Swap, memory.Limit);
        // v2 checks memory.max and memory.swap.max independently, so the order does not matter. Unlimited swap
        // where the kernel has no swap accounting is what there is already.
        if (swap is long s && (s != -1 || CgroupFile.Exists(dir, "memory.swap.max")))
            CgroupFile.Write(dir, "memory.swap.max", CgroupConversions.V2Limit(s));
        if (memory.Limit is long limit && limit != 0)
            CgroupFile.Write(dir, "memory.max", CgroupConversions.V2Limit(limit));
        if (memory.Reservation is long low && low != 0)
            CgroupFile.Write(dir, "memory.low", CgroupConversions.V2Limit(low));
        // Kernel memory limits are deprecated and gone in v2 (the kernel accounts it with the rest): ignored, as runc does.
        if (memory.Swappiness is ulong swappiness)
            throw new CgroupException($"cannot set memory.swappiness to {swappiness}: it does not exist in cgroup v2");
        if (memory.DisableOomKiller == true)
            throw new CgroupException("cannot set memory.oom_control (disableOOMKiller): it does not exist in cgroup v2");
        // useHierarchy: v2 is always hierarchical; nothing to write.
    }

    /// <summary>BFQ's io.bfq.weight takes the v1 range as is; io.weight takes [1, 10000] and gets converted.</summary>
    private static void SetIo(string dir, LinuxBlockIO io)
    {
        bool bfq = CgroupFile.Exists(dir, "io.bfq.weight");
        if (io.Weight is ushort weight && weight != 0)
        {
            if (bfq)
                CgroupFile.Write(dir, "io.bfq.weight", Text(weight));
            else
                CgroupFile.Write(dir, "io.weight", $"default {CgroupConversions.BlkioWeightToIoWeight(weight)}");
        }
        if (io.LeafWeight is ushort leaf && leaf != 0)
            throw new CgroupException("cannot set blkio.leaf_weight: it does not exist in cgroup v2");
        foreach (var device in io.WeightDevice ?? [])
        {
            if (device.Weight is ushort w && w != 0)
            {
                if (bfq)
                    CgroupFile.Write(dir, "io.bfq.weight", $"{V1BlockIO.Device(device)} {w}");
                else
                    CgroupFile.Write(dir, "io.weight", $"{V1BlockIO.Device(device)} {CgroupConversions.BlkioWeightToIoWeight(w)}");
            }
            if (device.LeafWeight is ushort lw && lw != 0)
                throw new CgroupException("cannot set blkio.leaf_weight_device: it does not exist in cgroup v2");
        }
        Throttle(dir, "rbps", io.ThrottleReadBpsDevice);
        Throttle(dir, "wbps", io.ThrottleWriteBpsDevice);
        Throttle(dir, "riops", io.ThrottleReadIOPSDevice);
        Throttle(dir, "wiops", io.ThrottleWriteIOPSDevice);
    }

    /// <summary>io.max "MAJ:MIN rbps=N"; a rate of 0 means no limit ("max"), as in v1.</summary>
    private static void Throttle(string dir, string key, List<LinuxThrottleDevice>? devices)
    {
        foreach (var device in devices ?? [])
        {
            string rate = device.Rate is ulong r && r != 0 ? Text(r) : "max";
            CgroupFile.Write(dir, "io.max", $"{V1BlockIO.Device(device)} {key}={rate}");
        }
    }

    /// <summary>A unified key names a file of the cgroup directory itself ("memory.high"); nothing else.</summary>
    private static void SetUnified(string dir, string key, string value)
    {
        if (key.Length == 0 || key.Contains('/', StringComparison.Ordinal) || key is "." or ".." || !key.Contains('.', StringComparison.Ordinal))
            throw new CgroupException($"invalid unified resource {key}: it must name a cgroup v2 file such as memory.high");
        if (key.StartsWith("cgroup.", StringComparison.Ordinal) && key is not ("cgroup.max.depth" or "cgroup.max.descendants"))
            throw new CgroupException($"unified resource {key} is managed by the runtime and cannot be set");
        if (!CgroupFile.Exists(dir, key))
            throw new CgroupException($"cannot set unified resource {key}: {Path.Combine(dir, key)} does not exist (is the {key.Split('.')[0]} controller enabled?)");
        CgroupFile.Write(dir, key, value);
    }

    private static string Text(ulong value) => value.ToString(CultureInfo.InvariantCulture);
}
