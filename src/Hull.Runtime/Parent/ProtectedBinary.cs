using System.Collections.Concurrent;
using Hull.Linux;
using Microsoft.Win32.SafeHandles;

namespace Hull.Runtime.Parent;

/// <summary>
/// The hull executable as container children are started from it, so that no container can ever write
/// to the host's binary through /proc/PID/exe (CVE-2019-5736). Where this process may clone mounts it is
/// opened through a detached read-only clone of its mount, which costs a few syscalls; otherwise it is
/// copied into a sealed memfd. Either never changes, so a process that starts many children (a library
/// host, a monitor) prepares each executable once, and again only when the file on disk changes.
/// </summary>
internal static class ProtectedBinary
{
    private const string Self = "/proc/self/exe";

    private static readonly ConcurrentDictionary<string, (DateTime Modified, long Size, SafeFileHandle Handle)> Prepared = new(StringComparer.Ordinal);

    /// <summary>A descriptor to execute through /proc/self/fd; this process keeps it open, callers must not dispose it.</summary>
    public static SafeFileHandle Of(string executable)
    {
        var file = new FileInfo(executable);
        var (modified, size) = (file.LastWriteTimeUtc, file.Length);
        if (Prepared.TryGetValue(executable, out var cached) && cached.Modified == modified && cached.Size == size)
            return cached.Handle;
        var handle = ReadOnlyOpen(executable) ?? Syscall.SealedCopyOf(executable);
        // One another thread prepared meanwhile stays open too: a child may be starting from it.
        Prepared[executable] = (modified, size, handle);
        return handle;
    }

    private static SafeFileHandle? ReadOnlyOpen(string executable)
    {
        string? path = executable == Self ? new FileInfo(Self).LinkTarget : executable;
        // A binary replaced or deleted since this process started is only reachable through /proc.
        if (path is null || !Path.IsPathRooted(path) || !File.Exists(path))
            return null;
        return Syscall.OpenThroughReadOnlyMount(path);
    }
}
