using System.Runtime.InteropServices;

namespace Hull.Linux;

/// <summary>Capability calls. capset(2) acts on the calling thread, which then calls execve.</summary>
public static partial class Syscall
{
    private const uint LINUX_CAPABILITY_VERSION_3 = 0x20080522;
    private const int PR_CAPBSET_DROP = 24;
    private const int PR_CAP_AMBIENT = 47;
    private const ulong PR_CAP_AMBIENT_RAISE = 2;
    private const ulong PR_CAP_AMBIENT_CLEAR_ALL = 4;

    /// <summary>Drops a capability from the bounding set; one the running kernel does not know (EINVAL) is not in it.</summary>
    public static void DropBoundingCapability(int capability)
    {
        if (Native.prctl(PR_CAPBSET_DROP, (ulong)capability, 0, 0, 0) == 0)
            return;
        int errno = Errno.Last();
        if (errno != Errno.EINVAL)
            throw new SyscallException($"drop capability {capability} from the bounding set", errno);
    }

    public static void ClearAmbientCapabilities() =>
        Prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, "clear ambient capabilities");

    public static void RaiseAmbientCapability(int capability) =>
        Prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, $"raise ambient capability {capability}", (ulong)capability);

    /// <summary>Sets the effective, permitted and inheritable sets of the calling thread (bit masks).</summary>
    public static unsafe void SetCapabilities(ulong effective, ulong permitted, ulong inheritable)
    {
        var header = new CapHeader { Version = LINUX_CAPABILITY_VERSION_3, Pid = 0 };
        CapData* data = stackalloc CapData[2];
        data[0] = new CapData { Effective = (uint)effective, Permitted = (uint)permitted, Inheritable = (uint)inheritable };
        data[1] = new CapData { Effective = (uint)(effective >> 32), Permitted = (uint)(permitted >> 32), Inheritable = (uint)(inheritable >> 32) };
        if (Interop.syscall(Interop.SYS_capset, (long)&header, (long)data, 0, 0, 0) < 0)
            throw new SyscallException("capset", Errno.Last());
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct CapHeader
    {
        public uint Version;
        public int Pid;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct CapData
    {
        public uint Effective;
        public uint Permitted;
        public uint Inheritable;
    }
}
