using System.Runtime.InteropServices;

namespace Hull.Linux;

/// <summary>The architectures hull's raw system calls are numbered for, and the number for the one it runs on.</summary>
internal static class SyscallTable
{
    public static long Number(long x64, long arm64) => RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 => x64,
        Architecture.Arm64 => arm64,
        var other => throw new PlatformNotSupportedException($"hull knows the system call numbers of x86-64 and arm64, not of {other}"),
    };
}
