using Hull.Cgroups;

namespace Hull.Driver;

/// <summary>A container's resource usage: the figures engines show, and every counter in <see cref="Raw"/>.</summary>
public sealed record ContainerStats
{
    /// <summary>CPU time used, in nanoseconds.</summary>
    public ulong CpuNanoseconds { get; init; }

    /// <summary>Memory in use, in bytes.</summary>
    public ulong MemoryUsage { get; init; }

    /// <summary>The memory limit in bytes; the machine's memory when the container sets none (or a larger one).</summary>
    public ulong MemoryLimit { get; init; }

    /// <summary>How many processes the container has.</summary>
    public ulong Pids { get; init; }

    /// <summary>The pids limit; null when there is none.</summary>
    public ulong? PidsLimit { get; init; }

    /// <summary>Intel RDT: the schemata of the container's resctrl group and what resctrl counts for it (empty without one).</summary>
    public IntelRdtStats IntelRdt => Raw.IntelRdt;

    /// <summary>Every counter, in the shape of runc's `events --stats`.</summary>
    public required CgroupStats Raw { get; init; }

    internal static ContainerStats From(CgroupStats stats)
    {
        ulong machine = MachineMemory.Bytes;
        ulong limit = stats.Memory.Usage.Limit;
        return new ContainerStats
        {
            CpuNanoseconds = stats.Cpu.Usage.Total,
            MemoryUsage = stats.Memory.Usage.Usage,
            MemoryLimit = limit == 0 || limit > machine ? machine : limit,
            Pids = stats.Pids.Current,
            PidsLimit = stats.Pids.Limit == 0 ? null : stats.Pids.Limit,
            Raw = stats,
        };
    }
}
