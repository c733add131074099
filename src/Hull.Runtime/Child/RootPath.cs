using Hull.Linux;
using Microsoft.Win32.SafeHandles;

namespace Hull.Runtime.Child;

/// <summary>
/// Paths inside the container's rootfs, resolved with openat2(RESOLVE_IN_ROOT) so a symlink can never
/// lead outside it, however it was planted (CVE-2021-30465 class). Callers act on the returned
/// descriptor through /proc/self/fd, never on the path again.
/// </summary>
public sealed class RootPath : IDisposable
{
    private const ulong Resolve = Syscall.RESOLVE_IN_ROOT | Syscall.RESOLVE_NO_MAGICLINKS;

    public RootPath(string rootfs)
    {
        Root = rootfs;
        RootFd = Syscall.Open(rootfs, Syscall.O_PATH | Syscall.O_DIRECTORY | Syscall.O_CLOEXEC);
    }

    public string Root { get; }

    public SafeFileHandle RootFd { get; }

    /// <summary>Opens an existing path inside the root as O_PATH; null when it does not exist.</summary>
    public SafeFileHandle? TryOpen(string path)
    {
        string relative = Relative(path);
        var opened = Syscall.TryOpenAt2(RootFd, relative, Syscall.O_PATH | Syscall.O_CLOEXEC, Resolve, out int errno);
        return opened is not null || errno is Errno.ENOENT or Errno.ENOTDIR ? opened : throw new SyscallException($"open {relative}", errno);
    }

    /// <summary>
    /// What is at a path inside the root, a symlink itself (its parents resolved inside the root); null when missing.
    /// </summary>
    public Syscall.FileStatus? TryStatNoFollow(string path)
    {
        string relative = Relative(path);
        string parent = Path.GetDirectoryName(relative) ?? "";
        var dir = Syscall.TryOpenAt2(RootFd, parent.Length == 0 ? "." : parent, Syscall.O_PATH | Syscall.O_DIRECTORY | Syscall.O_CLOEXEC, Resolve, out _);
        if (dir is null)
            return null;
        using (dir)
            return Syscall.TryStatNoFollow(dir, relative == "." ? "." : Path.GetFileName(relative));
    }

    /// <summary>
    /// Opens a directory inside the root, creating missing components (mode 0755). A dangling symlink
    /// on the way is followed as the kernel would inside the root: its target is created instead.
    /// </summary>
    public SafeFileHandle CreateDirectory(string path)
    {
        for (int links = 0; links < MaxSymlinks; links++)
        {
            string? redirected = TryCreateDirectory(Relative(path), out SafeFileHandle? created);
            if (created is not null)
                return created;
            path = redirected!;
        }
        throw new SyscallException($"create directory {path} in the rootfs", Errno.ELOOP);
    }

    private const int MaxSymlinks = 40;
    private const int DirectoryFlags = Syscall.O_PATH | Syscall.O_DIRECTORY | Syscall.O_CLOEXEC;

    /// <summary>
    /// Opens <paramref name="path"/>, creating it and its missing parents; returns the path to retry with when a
    /// dangling symlink redirects it. An existing directory takes one lookup, a missing one a lookup per level up
    /// to the first that exists.
    /// </summary>
    private string? TryCreateDirectory(string path, out SafeFileHandle? created)
    {
        created = TryOpenDirectory(path);
        if (created is not null)
            return null;
        int slash = path.LastIndexOf('/');
        string name = path[(slash + 1)..];
        SafeFileHandle? parent;
        if (slash < 0)
        {
            parent = Syscall.OpenAt2(RootFd, ".", DirectoryFlags, Resolve);
        }
        else if (TryCreateDirectory(path[..slash], out parent) is { } redirected)
        {
            return $"{redirected}/{name}";
        }
        using (parent)
        {
            if (Syscall.ReadLinkAt(parent!, name) is { } target)
                return target.StartsWith('/') || slash < 0 ? target : $"{path[..slash]}/{target}";
            try
            {
                Syscall.MakeDirectoryAt(parent!, name, 0b111_101_101);
            }
            catch (SyscallException e)
            {
                // Named as runc names it: the host path, where it was resolved to.
                throw new SyscallException($"mkdir {Syscall.PathOf(parent!)}/{name}", e.Errno);
            }
        }
        created = Syscall.OpenAt2(RootFd, path, DirectoryFlags, Resolve);
        return null;
    }

    private SafeFileHandle? TryOpenDirectory(string path)
    {
        var opened = Syscall.TryOpenAt2(RootFd, path, DirectoryFlags, Resolve, out int errno);
        return opened is not null || errno == Errno.ENOENT ? opened : throw new SyscallException($"open {path}", errno);
    }

    /// <summary>Opens a file inside the root, creating it (and its parents) empty when missing: a bind mount target.</summary>
    public SafeFileHandle CreateFile(string path)
    {
        var existing = TryOpen(path);
        if (existing is not null)
            return existing;
        string relative = Relative(path);
        string parent = Path.GetDirectoryName(relative) ?? "";
        using (var dir = CreateDirectory(parent))
        {
            using var reopened = Syscall.OpenAt2(RootFd, parent.Length == 0 ? "." : parent, Syscall.O_RDONLY | Syscall.O_DIRECTORY | Syscall.O_CLOEXEC, Resolve);
            Syscall.OpenAt(reopened, Path.GetFileName(relative), Syscall.O_CREAT | Syscall.O_WRONLY | Syscall.O_CLOEXEC | Syscall.O_NOFOLLOW, 0b110_100_100).Dispose();
        }
        return TryOpen(path) ?? throw new SyscallException($"create {path} in the rootfs", Errno.ENOENT);
    }

    /// <summary>The host path of a path inside the root, for logging only: never used to act on.</summary>
    public string Describe(string path) => Path.Combine(Root, Relative(path));

    private static string Relative(string path)
    {
        string trimmed = path.TrimStart('/');
        return trimmed.Length == 0 ? "." : trimmed;
    }

    public void Dispose() => RootFd.Dispose();
}
