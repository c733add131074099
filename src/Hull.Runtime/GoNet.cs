using Hull.Linux;

namespace Hull.Runtime;

/// <summary>Socket errors in the words of Go's net package, which runc's messages carry.</summary>
internal static class GoNet
{
    /// <summary>A failed connect to a unix socket: "dial unix PATH: connect: no such file or directory".</summary>
    public static string DialUnix(string path, int errno) => $"dial unix {path}: connect: {Errno.Describe(errno)}";
}
