using System.Collections.Concurrent;
using Hull.Linux;
using Microsoft.Win32.SafeHandles;

namespace Hull.Runtime.Lifecycle;

/// <summary>
/// The sealed memfd copies container children are started from (CVE-2019-5736). A sealed copy can never
/// change, so a process that starts many children (a library host, a monitor) copies each executable
/// once, and again only when the file on disk changes.
/// </summary>
internal static class SealedBinary
{
    private static readonly ConcurrentDictionary<string, (DateTime Modified, long Size, SafeFileHandle Copy)> Copies = new(StringComparer.Ordinal);

    /// <summary>A sealed copy of <paramref name="executable"/>; this process keeps it open, callers must not dispose it.</summary>
    public static SafeFileHandle Of(string executable)
    {
        var file = new FileInfo(executable);
        var (modified, size) = (file.LastWriteTimeUtc, file.Length);
        if (Copies.TryGetValue(executable, out var cached) && cached.Modified == modified && cached.Size == size)
            return cached.Copy;
        var copy = Syscall.SealedCopyOf(executable);
        // A copy another thread made meanwhile stays open too: a child may be starting from it.
        Copies[executable] = (modified, size, copy);
        return copy;
    }
}
