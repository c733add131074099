using System.Globalization;
using Hull.Linux;
using Hull.Spec;

namespace Hull.Cgroups;

/// <summary>v1 memory files: limit, memsw (memory+swap), soft limit, kmem, swappiness, OOM killer, hierarchy.</summary>
internal static class V1Memory
{
    public static bool HasAny(LinuxMemory? m) => m is not null
        && (m.Limit is not null || m.Reservation is not null || m.Swap is not null || m.Swappiness is not null || m.DisableOomKiller is not null || m.UseHierarchy is not null);

    public static void Set(string dir, LinuxMemory memory)
    {
        if (memory.CheckBeforeUpdate == true && memory.Limit is long wanted && wanted > 0)
        {
            ulong usage = CgroupFile.ReadUInt(dir, "memory.usage_in_bytes");
            if ((ulong)wanted < usage)
                throw new CgroupException($"rejecting memory limit {wanted} below the current usage {usage} (checkBeforeUpdate)");
        }
        SetLimitAndSwap(dir, memory.Limit, memory.Swap);
        if (memory.Reservation is long reservation && reservation != 0)
            CgroupFile.Write(dir, "memory.soft_limit_in_bytes", Number(reservation));
        // Kernel memory limits are deprecated (Linux 6.1 refuses them): ignored, with a warning at create, as runc does.
        if (memory.Swappiness is ulong swappiness)
        {
            if (swappiness > 100)
                throw new CgroupException($"invalid memory swappiness value: {swappiness} (valid range is 0-100)");
            CgroupFile.Write(dir, "memory.swappiness", swappiness.ToString(CultureInfo.InvariantCulture));
        }
        if (memory.DisableOomKiller is bool disable)
            CgroupFile.Write(dir, "memory.oom_control", disable ? "1" : "0");
        if (memory.UseHierarchy is bool hierarchy)
            SetUseHierarchy(dir, hierarchy);
    }

    /// <summary>
    /// memsw must stay ≥ the limit at every step: when the new memsw is above the current limit (or unlimited)
    /// it goes first, otherwise the limit does. An unlimited memory with no swap given makes memsw unlimited too.
    /// </summary>
    private static void SetLimitAndSwap(string dir, long? limit, long? swap)
    {
        long mem = limit ?? 0;
        long sw = swap ?? 0;
        bool swapAccounting = CgroupFile.Exists(dir, "memory.memsw.limit_in_bytes");
        if (mem == -1 && sw == 0 && swapAccounting)
            sw = -1;
        if (mem != 0 && sw != 0)
        {
            ulong current = CgroupFile.ReadUInt(dir, "memory.limit_in_bytes");
            if (sw == -1 || current < (ulong)sw)
            {
                CgroupFile.Write(dir, "memory.memsw.limit_in_bytes", Number(sw));
                SetLimit(dir, mem);
                return;
            }
        }
        if (mem != 0)
            SetLimit(dir, mem);
        if (sw != 0)
            CgroupFile.Write(dir, "memory.memsw.limit_in_bytes", Number(sw));
    }

    /// <summary>A limit below what the cgroup holds is refused (EBUSY): runc says what it holds.</summary>
    private static void SetLimit(string dir, long limit)
    {
        try
        {
            CgroupFile.Write(dir, "memory.limit_in_bytes", Number(limit));
        }
        catch (CgroupException e) when (CgroupFile.ErrnoOf(e) == Errno.EBUSY)
        {
            ulong usage = CgroupFile.ReadUInt(dir, "memory.usage_in_bytes"), peak = CgroupFile.ReadUInt(dir, "memory.max_usage_in_bytes");
            throw new CgroupException($"unable to set memory limit to {limit} (current usage: {usage}, peak usage: {peak})", e);
        }
    }

    /// <summary>Recent kernels are always hierarchical and refuse 0; asking for what is already there is fine.</summary>
    private static void SetUseHierarchy(string dir, bool hierarchy)
    {
        string value = hierarchy ? "1" : "0";
        if (CgroupFile.Read(dir, "memory.use_hierarchy") == value)
            return;
        CgroupFile.Write(dir, "memory.use_hierarchy", value);
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
