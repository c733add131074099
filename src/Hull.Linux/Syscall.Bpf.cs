using Microsoft.Win32.SafeHandles;

namespace Hull.Linux;

/// <summary>The few bpf(2) commands Hull needs: load a cgroup device program, attach, query and detach.</summary>
public static partial class Syscall
{
    public const uint BPF_PROG_TYPE_CGROUP_DEVICE = 15;
    public const uint BPF_CGROUP_DEVICE = 6;
    public const uint BPF_F_ALLOW_MULTI = 2;

    private const long SYS_bpf = 321;
    private const int BPF_PROG_LOAD = 5;
    private const int BPF_PROG_ATTACH = 8;
    private const int BPF_PROG_DETACH = 9;
    private const int BPF_PROG_GET_FD_BY_ID = 13;
    private const int BPF_PROG_QUERY = 16;
    private const int AttrSize = 128;

    /// <summary>Loads a program of the given type from raw 8-byte instructions; the verifier's log is in the error.</summary>
    public static unsafe SafeFileHandle BpfProgramLoad(uint type, ReadOnlySpan<byte> instructions, string license)
    {
        byte* attr = stackalloc byte[AttrSize];
        new Span<byte>(attr, AttrSize).Clear();
        byte[] licenseBytes = NulTerminated(license);
        byte[] log = new byte[65536];
        fixed (byte* insns = instructions)
        fixed (byte* lic = licenseBytes)
        fixed (byte* logBuffer = log)
        {
            *(uint*)(attr + 0) = type;
            *(uint*)(attr + 4) = (uint)(instructions.Length / 8);
            *(ulong*)(attr + 8) = (ulong)insns;
            *(ulong*)(attr + 16) = (ulong)lic;
            *(uint*)(attr + 24) = 1;
            *(uint*)(attr + 28) = (uint)log.Length;
            *(ulong*)(attr + 32) = (ulong)logBuffer;
            long fd = Interop.syscall(SYS_bpf, BPF_PROG_LOAD, (long)attr, AttrSize, 0, 0);
            if (fd < 0)
            {
                int errno = Errno.Last();
                int end = Array.IndexOf(log, (byte)0);
                string verifier = System.Text.Encoding.UTF8.GetString(log, 0, end < 0 ? log.Length : end).Trim();
                throw new SyscallException(verifier.Length > 0 ? $"load bpf program ({verifier})" : "load bpf program", errno);
            }
            return new SafeFileHandle((nint)fd, ownsHandle: true);
        }
    }

    public static unsafe void BpfProgramAttach(SafeFileHandle cgroup, SafeFileHandle program, uint attachType, uint flags)
    {
        byte* attr = stackalloc byte[AttrSize];
        new Span<byte>(attr, AttrSize).Clear();
        *(uint*)(attr + 0) = (uint)cgroup.DangerousGetHandle();
        *(uint*)(attr + 4) = (uint)program.DangerousGetHandle();
        *(uint*)(attr + 8) = attachType;
        *(uint*)(attr + 12) = flags;
        if (Interop.syscall(SYS_bpf, BPF_PROG_ATTACH, (long)attr, AttrSize, 0, 0) < 0)
            throw new SyscallException("attach bpf program", Errno.Last());
    }

    public static unsafe void BpfProgramDetach(SafeFileHandle cgroup, SafeFileHandle program, uint attachType)
    {
        byte* attr = stackalloc byte[AttrSize];
        new Span<byte>(attr, AttrSize).Clear();
        *(uint*)(attr + 0) = (uint)cgroup.DangerousGetHandle();
        *(uint*)(attr + 4) = (uint)program.DangerousGetHandle();
        *(uint*)(attr + 8) = attachType;
        if (Interop.syscall(SYS_bpf, BPF_PROG_DETACH, (long)attr, AttrSize, 0, 0) < 0)
            throw new SyscallException("detach bpf program", Errno.Last());
    }

    /// <summary>The ids of the programs attached to a cgroup for an attach type.</summary>
    public static unsafe uint[] BpfProgramQuery(SafeFileHandle cgroup, uint attachType)
    {
        uint[] ids = new uint[64];
        byte* attr = stackalloc byte[AttrSize];
        new Span<byte>(attr, AttrSize).Clear();
        fixed (uint* p = ids)
        {
            *(uint*)(attr + 0) = (uint)cgroup.DangerousGetHandle();
            *(uint*)(attr + 4) = attachType;
            *(ulong*)(attr + 16) = (ulong)p;
            *(uint*)(attr + 24) = (uint)ids.Length;
            if (Interop.syscall(SYS_bpf, BPF_PROG_QUERY, (long)attr, AttrSize, 0, 0) < 0)
                throw new SyscallException("query bpf programs", Errno.Last());
        }
        return ids[..(int)*(uint*)(attr + 24)];
    }

    public static unsafe SafeFileHandle BpfProgramById(uint id)
    {
        byte* attr = stackalloc byte[AttrSize];
        new Span<byte>(attr, AttrSize).Clear();
        *(uint*)attr = id;
        long fd = Interop.syscall(SYS_bpf, BPF_PROG_GET_FD_BY_ID, (long)attr, AttrSize, 0, 0);
        if (fd < 0)
            throw new SyscallException($"open bpf program {id}", Errno.Last());
        return new SafeFileHandle((nint)fd, ownsHandle: true);
    }
}
