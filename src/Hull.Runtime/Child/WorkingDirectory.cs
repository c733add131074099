using Hull.Linux;

namespace Hull.Runtime.Child;

/// <summary>
/// The process's working directory, made where it is missing once the init is in its root, as runc makes it (with
/// Go's MkdirAll: mode 0755, and the first part that is no directory named in the error).
/// </summary>
internal static class WorkingDirectory
{
    public static void Create(string? cwd)
    {
        if (string.IsNullOrEmpty(cwd))
            return;
        MkdirAll(Path.TrimEndingDirectorySeparator(cwd));
    }

    private static void MkdirAll(string path)
    {
        if (Syscall.TryStat(path) is { } existing)
        {
            if (!existing.IsDirectory)
                throw new SyscallException($"mkdir {path}", Errno.ENOTDIR);
            return;
        }
        string? parent = Path.GetDirectoryName(path);
        if (parent is not null && parent != path)
            MkdirAll(parent);
        Syscall.MakeDirectoryIfMissing(path, 0b111_101_101);
    }
}
