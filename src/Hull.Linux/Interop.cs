using System.Runtime.InteropServices;

namespace Hull.Linux;

/// <summary>Raw libc entry points. Callers go through <see cref="Syscall"/>, which maps errno to exceptions.</summary>
internal static partial class Interop
{
    internal const string Libc = "libc.so.6";

    internal const long SYS_pivot_root = 155;
    internal const long SYS_ioprio_set = 251;
    internal const long SYS_openat2 = 437;
    internal const long SYS_close_range = 436;
    internal const long SYS_mount_setattr = 442;
    internal const long SYS_pidfd_open = 434;
    internal const long SYS_pidfd_send_signal = 424;
    internal const long SYS_sched_setattr = 314;
    internal const long SYS_memfd_create = 319;
    internal const long SYS_open_tree = 428;
    internal const long SYS_move_mount = 429;

    [LibraryImport(Libc, SetLastError = true)]
    internal static partial long syscall(long number, long a1, long a2, long a3, long a4, long a5);

    [LibraryImport(Libc, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial long syscall(long number, string a1, string a2);
}
