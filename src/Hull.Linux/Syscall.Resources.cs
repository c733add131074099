using System.Runtime.InteropServices;

namespace Hull.Linux;

/// <summary>Resource limits, I/O priority, scheduling and personality.</summary>
public static partial class Syscall
{
    /// <summary>Sets a resource limit of another process (prlimit); the errno when the kernel refuses.</summary>
    public static unsafe int? TrySetProcessLimit(int pid, int resource, ulong soft, ulong hard)
    {
        ulong* limit = stackalloc ulong[2];
        limit[0] = soft;
        limit[1] = hard;
        return Native.prlimit(pid, resource, limit, null) < 0 ? Errno.Last() : null;
    }

    /// <summary>This process's soft limit on open descriptors (RLIMIT_NOFILE).</summary>
    public static unsafe ulong OpenFileLimit()
    {
        const int RLIMIT_NOFILE = 7;
        ulong* limit = stackalloc ulong[2];
        if (Native.prlimit(0, RLIMIT_NOFILE, null, limit) < 0)
            throw new SyscallException("getrlimit", Errno.Last());
        return limit[0];
    }

    public static void SetIoPriority(int ioClass, int priority)
    {
        const int IOPRIO_WHO_PROCESS = 1;
        long value = ((long)ioClass << 13) | (uint)priority;
        if (Interop.syscall(Interop.SYS_ioprio_set, IOPRIO_WHO_PROCESS, 0, value, 0, 0) < 0)
            throw new SyscallException("set I/O priority", Errno.Last());
    }

    /// <summary>sched_setattr(2) for the calling thread.</summary>
    public static unsafe void SetScheduler(uint policy, ulong flags, int nice, uint priority, ulong runtime, ulong deadline, ulong period)
    {
        var attr = new SchedAttr
        {
            Size = (uint)sizeof(SchedAttr),
            Policy = policy,
            Flags = flags,
            Nice = nice,
            Priority = priority,
            Runtime = runtime,
            Deadline = deadline,
            Period = period,
        };
        if (Interop.syscall(Interop.SYS_sched_setattr, 0, (long)&attr, 0, 0, 0) < 0)
            throw new SyscallException("set scheduler", Errno.Last());
    }

    public static void SetPersonality(ulong persona)
    {
        if (Native.personality(persona) < 0)
            throw new SyscallException("set personality", Errno.Last());
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct SchedAttr
    {
        public uint Size;
        public uint Policy;
        public ulong Flags;
        public int Nice;
        public uint Priority;
        public ulong Runtime;
        public ulong Deadline;
        public ulong Period;
    }

    private static unsafe partial class Native
    {
        [LibraryImport(Interop.Libc, SetLastError = true)]
        internal static partial int prlimit(int pid, int resource, ulong* newLimit, ulong* oldLimit);

        [LibraryImport(Interop.Libc, SetLastError = true)]
        internal static partial int personality(ulong persona);
    }
}
