using Hull.Spec;

namespace Hull.Cgroups;

/// <summary>Which controllers a set of resources needs, and the part of it one group of controllers handles.</summary>
internal static class ResourceParts
{
    /// <summary>Controller names in v1 spelling ("blkio", not "io"); "unified" stands for the v2 key/value map.</summary>
    public static IEnumerable<string> Needed(LinuxResources r)
    {
        if (V1Cpu.HasCpu(r.Cpu))
            yield return "cpu";
        if (V1Cpu.HasCpuset(r.Cpu))
            yield return "cpuset";
        if (V1Memory.HasAny(r.Memory) || r.Memory?.CheckBeforeUpdate == true)
            yield return "memory";
        if (r.Pids is not null)
            yield return "pids";
        if (V1BlockIO.HasAny(r.BlockIO))
            yield return "blkio";
        if (r.HugepageLimits is { Count: > 0 })
            yield return "hugetlb";
        if (r.Rdma is { Count: > 0 })
            yield return "rdma";
        if (r.Network?.ClassId is uint classId && classId != 0)
            yield return "net_cls";
        if (r.Network?.Priorities is { Count: > 0 })
            yield return "net_prio";
        if (r.Devices is not null)
            yield return "devices";
        if (r.Unified is { Count: > 0 })
            yield return "unified";
    }

    /// <summary>A copy holding only what the chosen controllers manage.</summary>
    public static LinuxResources Only(LinuxResources r, Func<string, bool> take)
    {
        LinuxCpu? cpu = null;
        if (r.Cpu is not null && (take("cpu") || take("cpuset")))
        {
            cpu = new LinuxCpu();
            if (take("cpu"))
            {
                cpu.Shares = r.Cpu.Shares;
                cpu.Quota = r.Cpu.Quota;
                cpu.Period = r.Cpu.Period;
                cpu.Burst = r.Cpu.Burst;
                cpu.RealtimePeriod = r.Cpu.RealtimePeriod;
                cpu.RealtimeRuntime = r.Cpu.RealtimeRuntime;
                cpu.Idle = r.Cpu.Idle;
            }
            if (take("cpuset"))
            {
                cpu.Cpus = r.Cpu.Cpus;
                cpu.Mems = r.Cpu.Mems;
            }
        }
        LinuxNetwork? network = null;
        if (r.Network is not null && (take("net_cls") || take("net_prio")))
        {
            network = new LinuxNetwork
            {
                ClassId = take("net_cls") ? r.Network.ClassId : null,
                Priorities = take("net_prio") ? r.Network.Priorities : null,
            };
        }
        return new LinuxResources
        {
            Cpu = cpu,
            Memory = take("memory") ? r.Memory : null,
            Pids = take("pids") ? r.Pids : null,
            BlockIO = take("blkio") ? r.BlockIO : null,
            HugepageLimits = take("hugetlb") ? r.HugepageLimits : null,
            Rdma = take("rdma") ? r.Rdma : null,
            Network = network,
            Devices = take("devices") ? r.Devices : null,
            Unified = take("unified") ? r.Unified : null,
        };
    }

    /// <summary>The v1 name of a v2 controller ("io" is "blkio").</summary>
    public static string V1Name(string v2Controller) => v2Controller == "io" ? "blkio" : v2Controller;
}
