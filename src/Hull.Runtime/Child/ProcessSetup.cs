using Hull.Linux;
using Hull.Spec;
using LinuxConfig = Hull.Spec.Linux;

namespace Hull.Runtime.Child;

/// <summary>The last steps before execve: limits, scheduling, identity, capabilities, descriptors, signals.</summary>
internal static class ProcessSetup
{
    /// <summary>Settings that need privileges the user may lose: limits, I/O priority, scheduler, personality.</summary>
    public static void ApplyLimits(Process process, LinuxConfig? linux)
    {
        foreach (var limit in process.Rlimits ?? [])
        {
            int resource = RlimitNames.NumberOf(limit.Type);
            if (resource < 0)
                throw new HullException($"unknown rlimit type {limit.Type}", ErrorKind.InvalidArgument);
            Syscall.SetResourceLimit(resource, limit.Soft ?? 0, limit.Hard ?? 0, limit.Type!);
        }
        if (process.IOPriority is { } io)
        {
            int ioClass = io.Class switch
            {
                "IOPRIO_CLASS_RT" => 1,
                "IOPRIO_CLASS_BE" => 2,
                "IOPRIO_CLASS_IDLE" => 3,
                _ => throw new HullException($"unknown I/O priority class {io.Class}", ErrorKind.InvalidArgument),
            };
            Syscall.SetIoPriority(ioClass, io.Priority ?? 0);
        }
        if (process.Scheduler is { } scheduler)
            ApplyScheduler(scheduler);
        if (linux?.Personality is { } personality)
        {
            ulong domain = personality.Domain switch
            {
                "LINUX" => 0x0,
                "LINUX32" => 0x8,
                _ => throw new HullException($"unknown personality domain {personality.Domain}", ErrorKind.InvalidArgument),
            };
            Syscall.SetPersonality(domain);
        }
    }

    /// <summary>Drops to the configured user with exactly the configured capabilities.</summary>
    public static void ApplyIdentity(Process process)
    {
        GiveStdioTo(process.User);
        var caps = process.Capabilities;
        ulong bounding = Capabilities.Mask(caps?.Bounding);
        for (int cap = 0; cap < CapabilityNames.All.Count; cap++)
        {
            if ((bounding & (1UL << cap)) == 0)
                Syscall.DropBoundingCapability(cap);
        }
        var user = process.User;
        Syscall.SetKeepCapabilities(true);
        Syscall.SetIdsForExec(user?.Uid ?? 0, user?.Gid ?? 0, user?.AdditionalGids ?? []);
        Syscall.SetKeepCapabilities(false);
        ulong permitted = Capabilities.Mask(caps?.Permitted);
        ulong inheritable = Capabilities.Mask(caps?.Inheritable);
        Syscall.SetCapabilities(Capabilities.Mask(caps?.Effective), permitted, inheritable);
        Syscall.ClearAmbientCapabilities();
        // The kernel allows an ambient capability only when it is permitted and inheritable; runc skips the others too.
        ulong ambient = Capabilities.Mask(caps?.Ambient) & permitted & inheritable;
        for (int cap = 0; cap < 64; cap++)
        {
            if ((ambient & (1UL << cap)) != 0)
                Syscall.RaiseAmbientCapability(cap);
        }
        if (process.NoNewPrivileges == true)
            Syscall.SetNoNewPrivileges();
    }

    /// <summary>
    /// The container's user must be able to reopen its own stdio (/dev/stdout, /proc/self/fd/1): pipes
    /// and files from the host are handed to it, as runc does; /dev/null and terminals are left alone.
    /// </summary>
    private static void GiveStdioTo(User? user)
    {
        uint uid = user?.Uid ?? 0, gid = user?.Gid ?? 0;
        if (uid == 0 && gid == 0)
            return;
        for (int fd = 0; fd < 3; fd++)
        {
            using var handle = new Microsoft.Win32.SafeHandles.SafeFileHandle(fd, ownsHandle: false);
            if (Syscall.IsTerminal(fd) || IsCharacterDevice(fd))
                continue;
            try
            {
                Syscall.Fchown(handle, uid, gid);
            }
            catch (SyscallException e) when (e.Errno is Errno.EPERM or Errno.EINVAL or Errno.EROFS)
            {
            }
        }
    }

    private static bool IsCharacterDevice(int fd) =>
        new FileInfo($"/proc/self/fd/{fd}").LinkTarget is string target && target.StartsWith("/dev/", StringComparison.Ordinal);

    /// <summary>Replaces the init with the container's process. Only stdio and preserved descriptors survive.</summary>
    public static void Exec(Process process, string executable, int preserveFds, Action? lastStep = null)
    {
        Syscall.CloseOnExecFrom(3 + preserveFds);
        Syscall.ResetSignalsForExec();
        lastStep?.Invoke();
        Syscall.Execve(executable, process.Args ?? [], process.Env ?? []);
    }

    private static void ApplyScheduler(Scheduler scheduler)
    {
        string[] policies = ["SCHED_OTHER", "SCHED_FIFO", "SCHED_RR", "SCHED_BATCH", "SCHED_ISO", "SCHED_IDLE", "SCHED_DEADLINE"];
        int policy = Array.IndexOf(policies, scheduler.Policy);
        if (policy < 0)
            throw new HullException($"unknown scheduler policy {scheduler.Policy}", ErrorKind.InvalidArgument);
        string[] flagNames = ["SCHED_FLAG_RESET_ON_FORK", "SCHED_FLAG_RECLAIM", "SCHED_FLAG_DL_OVERRUN", "SCHED_FLAG_KEEP_POLICY",
            "SCHED_FLAG_KEEP_PARAMS", "SCHED_FLAG_UTIL_CLAMP_MIN", "SCHED_FLAG_UTIL_CLAMP_MAX"];
        ulong flags = 0;
        foreach (string flag in scheduler.Flags ?? [])
        {
            int bit = Array.IndexOf(flagNames, flag);
            if (bit < 0)
                throw new HullException($"unknown scheduler flag {flag}", ErrorKind.InvalidArgument);
            flags |= 1UL << bit;
        }
        Syscall.SetScheduler((uint)policy, flags, scheduler.Nice ?? 0, (uint)(scheduler.Priority ?? 0),
            scheduler.Runtime ?? 0, scheduler.Deadline ?? 0, scheduler.Period ?? 0);
    }
}
