using System.Runtime.InteropServices;
using Hull.Runtime;

namespace Hull.Driver.Backends;

/// <summary>The descriptors a runtime's command is spawned with as 0, 1 and 2: the process's stdio, /dev/null where it has none.</summary>
internal static class StdioMap
{
    public static (int From, int To)[] Of(ProcessStdio? stdio, SafeHandle nul) =>
        [(Fd(stdio?.Input, nul), 0), (Fd(stdio?.Output, nul), 1), (Fd(stdio?.Error, nul), 2)];

    private static int Fd(SafeHandle? handle, SafeHandle nul) => (handle ?? nul).DangerousGetHandle().ToInt32();
}
