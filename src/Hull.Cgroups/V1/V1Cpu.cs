using System.Globalization;
using Hull.Linux;
using Hull.Spec;

namespace Hull.Cgroups;

/// <summary>v1 cpu and cpuset files.</summary>
internal static class V1Cpu
{
    public static bool HasCpu(LinuxCpu? cpu) => cpu is not null
        && (cpu.Shares is not null || cpu.Quota is not null || cpu.Period is not null || cpu.Burst is not null
            || cpu.RealtimePeriod is not null || cpu.RealtimeRuntime is not null);

    public static bool HasCpuset(LinuxCpu? cpu) => cpu is not null && (!string.IsNullOrEmpty(cpu.Cpus) || !string.IsNullOrEmpty(cpu.Mems));

    public static void Set(string dir, LinuxCpu cpu)
    {
        if (cpu.Shares is ulong shares && shares != 0)
            CgroupFile.Write(dir, "cpu.shares", Text(shares));
        SetBandwidth(dir, cpu);
        if (cpu.Burst is ulong burst)
            CgroupFile.Write(dir, "cpu.cfs_burst_us", Text(burst));
        // The realtime period bounds the runtime, so it goes first.
        if (cpu.RealtimePeriod is ulong rtPeriod && rtPeriod != 0)
            CgroupFile.Write(dir, "cpu.rt_period_us", Text(rtPeriod));
        if (cpu.RealtimeRuntime is long rtRuntime && rtRuntime != 0)
            CgroupFile.Write(dir, "cpu.rt_runtime_us", rtRuntime.ToString(CultureInfo.InvariantCulture));
        // cpu.idle is cgroup v2's alone; v1 ignores it, as runc does.
    }

    public static void SetCpuset(string dir, LinuxCpu cpu)
    {
        if (!string.IsNullOrEmpty(cpu.Cpus))
            CgroupFile.Write(dir, "cpuset.cpus", cpu.Cpus);
        if (!string.IsNullOrEmpty(cpu.Mems))
            CgroupFile.Write(dir, "cpuset.mems", cpu.Mems);
    }

    /// <summary>
    /// The kernel checks quota/period against the parent on every write, so a new period can be refused until
    /// the quota changes: then the quota is written first.
    /// </summary>
    private static void SetBandwidth(string dir, LinuxCpu cpu)
    {
        string? quota = cpu.Quota is long q && q != 0 ? q.ToString(CultureInfo.InvariantCulture) : null;
        if (cpu.Period is ulong period && period != 0)
        {
            try
            {
                CgroupFile.Write(dir, "cpu.cfs_period_us", Text(period));
            }
            catch (CgroupException e) when (quota is not null && CgroupFile.ErrnoOf(e) == Errno.EINVAL)
            {
                CgroupFile.Write(dir, "cpu.cfs_quota_us", quota);
                CgroupFile.Write(dir, "cpu.cfs_period_us", Text(period));
                return;
            }
        }
        CgroupFile.WriteIf(dir, "cpu.cfs_quota_us", quota);
    }

    private static string Text(ulong value) => value.ToString(CultureInfo.InvariantCulture);
}
