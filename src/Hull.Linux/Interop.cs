using System.Runtime.InteropServices;

namespace Hull.Linux;

/// <summary>Raw libc entry points. Callers go through <see cref="Syscall"/>, which maps errno to exceptions.</summary>
internal static partial class Interop
{
    internal const string Libc = "libc.so.6";

    // System calls libc has no wrapper for. Numbers from 424 on are the same on every architecture (the kernel's
    // common table); the older ones come from the table of the architecture hull runs on.
    internal static readonly long SYS_pivot_root = SyscallTable.Number(x64: 155, arm64: 41);
    internal static readonly long SYS_ioprio_set = SyscallTable.Number(x64: 251, arm64: 30);
    internal static readonly long SYS_sched_setattr = SyscallTable.Number(x64: 314, arm64: 274);
    internal static readonly long SYS_memfd_create = SyscallTable.Number(x64: 319, arm64: 279);
    internal const long SYS_pidfd_send_signal = 424;
    internal const long SYS_open_tree = 428;
    internal const long SYS_move_mount = 429;
    internal const long SYS_pidfd_open = 434;
    internal const long SYS_close_range = 436;
    internal const long SYS_openat2 = 437;
    internal const long SYS_mount_setattr = 442;

    [LibraryImport(Libc, SetLastError = true)]
    internal static partial long syscall(long number, long a1, long a2, long a3, long a4, long a5);

    [LibraryImport(Libc, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial long syscall(long number, string a1, string a2);
}
