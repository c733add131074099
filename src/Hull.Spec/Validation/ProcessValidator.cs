using static Hull.Spec.ValidationContext;

namespace Hull.Spec;

/// <summary>Checks <c>process</c>: arguments, working directory, user, rlimits, capabilities, scheduling.</summary>
internal static class ProcessValidator
{
    private static readonly string[] IOPriorityClasses = ["IOPRIO_CLASS_RT", "IOPRIO_CLASS_BE", "IOPRIO_CLASS_IDLE"];

    private static readonly string[] SchedulerPolicies =
        ["SCHED_OTHER", "SCHED_FIFO", "SCHED_RR", "SCHED_BATCH", "SCHED_ISO", "SCHED_IDLE", "SCHED_DEADLINE"];

    public static void Check(ValidationContext context, bool requireProcess)
    {
        var process = context.Spec.Process;
        if (process is null)
        {
            if (requireProcess)
            {
                context.Error("$.process", "process property must not be empty");
            }
            return;
        }
        if (process.Args is not { Count: > 0 })
        {
            context.Error("$.process.args", "args must not be empty");
        }
        if (string.IsNullOrEmpty(process.Cwd))
        {
            context.Error("$.process.cwd", "Cwd property must not be empty");
        }
        else if (!IsAbsolute(process.Cwd))
        {
            context.Error("$.process.cwd", "Cwd must be an absolute path");
        }
        CheckUser(context, process.User);
        CheckRlimits(context, process.Rlimits);
        CheckCapabilities(context, process.Capabilities);
        if (process.OomScoreAdj is < -1000 or > 1000)
        {
            context.Error("$.process.oomScoreAdj", "oomScoreAdj must be between -1000 and 1000");
        }
        CheckIOPriority(context, process.IOPriority);
        CheckScheduler(context, process.Scheduler);
    }

    private static void CheckUser(ValidationContext context, User? user)
    {
        if (user is null)
        {
            context.Error("$.process.user", "user must be specified");
            return;
        }
        if (user.Uid is null)
        {
            context.Error("$.process.user.uid", "uid must be specified");
        }
        if (user.Gid is null)
        {
            context.Error("$.process.user.gid", "gid must be specified");
        }
    }

    private static void CheckRlimits(ValidationContext context, List<PosixRlimit>? rlimits)
    {
        var seen = new HashSet<string>();
        for (var i = 0; i < (rlimits?.Count ?? 0); i++)
        {
            var path = At("$.process.rlimits", i);
            var rlimit = rlimits![i] ?? new PosixRlimit();
            if (!RlimitNames.IsKnown(rlimit.Type))
            {
                context.Error(path + ".type", $"wrong rlimit value: {rlimit.Type}");
            }
            else if (!seen.Add(rlimit.Type!))
            {
                context.Error(path + ".type", $"duplicate rlimit type {Q(rlimit.Type)}");
            }
            if (rlimit.Hard is null)
            {
                context.Error(path + ".hard", "hard limit must be specified");
            }
            if (rlimit.Soft is null)
            {
                context.Error(path + ".soft", "soft limit must be specified");
            }
            if (rlimit.Soft > rlimit.Hard)
            {
                context.Error(path + ".soft", $"soft limit {rlimit.Soft} exceeds hard limit {rlimit.Hard}");
            }
        }
    }

    private static void CheckCapabilities(ValidationContext context, LinuxCapabilities? capabilities)
    {
        if (CapabilityNames.UnknownWarning(capabilities) is { } warning)
        {
            context.Warn("$.process.capabilities", warning);
        }
    }

    private static void CheckIOPriority(ValidationContext context, LinuxIOPriority? priority)
    {
        if (priority is null)
        {
            return;
        }
        if (priority.Class is null || !IOPriorityClasses.Contains(priority.Class))
        {
            context.Error("$.process.ioPriority.class", $"invalid ioPriority class {Q(priority.Class)}");
        }
        if (priority.Priority is < 0 or > 7)
        {
            context.Error("$.process.ioPriority.priority", "ioPriority priority must be between 0 and 7");
        }
    }

    private static void CheckScheduler(ValidationContext context, Scheduler? scheduler)
    {
        if (scheduler is null)
        {
            return;
        }
        const string path = "$.process.scheduler";
        var policy = scheduler.Policy;
        if (string.IsNullOrEmpty(policy))
        {
            context.Error(path + ".policy", "scheduler policy must be specified");
            return;
        }
        if (!SchedulerPolicies.Contains(policy))
        {
            context.Error(path + ".policy", $"invalid scheduler policy {Q(policy)}");
            return;
        }
        if (policy is ("SCHED_OTHER" or "SCHED_BATCH") && scheduler.Nice is (< -20 or > 19))
        {
            context.Error(path + ".nice", $"scheduler nice must be between -20 and 19 for {policy}");
        }
        if (scheduler.Priority is not null and not 0 && policy is not ("SCHED_FIFO" or "SCHED_RR"))
        {
            context.Error(path + ".priority", "scheduler priority can only be set for SCHED_FIFO or SCHED_RR");
        }
        var deadline = scheduler.Runtime is not null and not 0
            || scheduler.Deadline is not null and not 0
            || scheduler.Period is not null and not 0;
        if (deadline && policy != "SCHED_DEADLINE")
        {
            context.Error(path, "scheduler runtime, deadline and period can only be set for SCHED_DEADLINE");
        }
    }
}
