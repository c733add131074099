using Hull.Linux;
using Hull.Spec;

namespace Hull.Runtime.Child;

/// <summary>The process's scheduler, I/O priority class and execution domain, as the kernel numbers them.</summary>
internal static class Scheduling
{
    private static readonly string[] Policies = ["SCHED_OTHER", "SCHED_FIFO", "SCHED_RR", "SCHED_BATCH", "SCHED_ISO", "SCHED_IDLE", "SCHED_DEADLINE"];

    private static readonly string[] FlagNames =
    [
        "SCHED_FLAG_RESET_ON_FORK", "SCHED_FLAG_RECLAIM", "SCHED_FLAG_DL_OVERRUN", "SCHED_FLAG_KEEP_POLICY",
        "SCHED_FLAG_KEEP_PARAMS", "SCHED_FLAG_UTIL_CLAMP_MIN", "SCHED_FLAG_UTIL_CLAMP_MAX",
    ];

    public static void Apply(Scheduler scheduler)
    {
        int policy = Array.IndexOf(Policies, scheduler.Policy);
        if (policy < 0)
            throw new HullException($"unknown scheduler policy {scheduler.Policy}", ErrorKind.InvalidArgument);
        ulong flags = 0;
        foreach (string flag in scheduler.Flags ?? [])
        {
            int bit = Array.IndexOf(FlagNames, flag);
            if (bit < 0)
                throw new HullException($"unknown scheduler flag {flag}", ErrorKind.InvalidArgument);
            flags |= 1UL << bit;
        }
        Syscall.SetScheduler((uint)policy, flags, scheduler.Nice ?? 0, (uint)(scheduler.Priority ?? 0),
            scheduler.Runtime ?? 0, scheduler.Deadline ?? 0, scheduler.Period ?? 0);
    }

    public static int IoClass(string? name) => name switch
    {
        "IOPRIO_CLASS_RT" => 1,
        "IOPRIO_CLASS_BE" => 2,
        "IOPRIO_CLASS_IDLE" => 3,
        _ => throw new HullException($"unknown I/O priority class {name}", ErrorKind.InvalidArgument),
    };

    public static ulong PersonalityDomain(string? name) => name switch
    {
        "LINUX" => 0x0,
        "LINUX32" => 0x8,
        _ => throw new HullException($"unknown personality domain {name}", ErrorKind.InvalidArgument),
    };
}
