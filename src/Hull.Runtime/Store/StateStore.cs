using Hull.Linux;

namespace Hull.Runtime.Store;

/// <summary>The directory (runc's --root) holding one directory per container.</summary>
public sealed class StateStore
{
    public StateStore(string root)
    {
        Root = Path.GetFullPath(root);
    }

    public string Root { get; }

    /// <summary>
    /// Creates the root directory (mode 0700) and its parents where missing, as runc does before any command that
    /// looks at containers; a file in its place is refused as mkdir(2) refuses it.
    /// </summary>
    public void EnsureRoot()
    {
        if (Directory.Exists(Root))
            return;
        try
        {
            Directory.CreateDirectory(Root, OwnerOnly);
        }
        catch (IOException) when (File.Exists(Root) || AncestorIsFile(Root))
        {
            throw new HullException($"mkdir {Root}: not a directory");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new HullException($"mkdir {Root}: {(e is UnauthorizedAccessException ? "permission denied" : e.Message)}", ErrorKind.Failed, e);
        }
    }

    private static bool AncestorIsFile(string path)
    {
        for (string? dir = Path.GetDirectoryName(path); dir is not null; dir = Path.GetDirectoryName(dir))
        {
            if (File.Exists(dir))
                return true;
        }
        return false;
    }

    /// <summary>
    /// /run/hull for the host's root; $XDG_RUNTIME_DIR/hull otherwise, as runc chooses: also for root of a user
    /// namespace (rootless podman's) that has one and is not $USER root.
    /// </summary>
    public static string DefaultRoot()
    {
        uint euid = Syscall.EffectiveUid();
        string? runtimeDir = Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR");
        bool userRuntimeDir = !string.IsNullOrEmpty(runtimeDir) && (euid != 0 || (Privilege.InUserNamespace && Environment.GetEnvironmentVariable("USER") != "root"));
        if (userRuntimeDir)
            return Path.Combine(runtimeDir!, "hull");
        return euid == 0 ? "/run/hull" : $"/tmp/hull-{euid}";
    }

    /// <summary>Creates and locks the directory of a new container; fails if the id is taken.</summary>
    public ContainerDirectory CreateNew(string id)
    {
        ContainerId.Validate(id);
        string path = Path.Combine(Root, id);
        try
        {
            Directory.CreateDirectory(Root, OwnerOnly);
            Syscall.MakeDirectory(path, 0b111_000_000);
        }
        catch (SyscallException e) when (e.Errno == Errno.EEXIST)
        {
            throw new HullException("container with given ID already exists", ErrorKind.AlreadyExists);
        }
        catch (SyscallException e) when (e.Errno is Errno.ENAMETOOLONG or Errno.ENOTDIR or Errno.ELOOP)
        {
            // runc looks the path up before it makes it, and fails there with these.
            throw new HullException($"lstat {path}: {Errno.Describe(e.Errno)}", ErrorKind.InvalidArgument, e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or SyscallException)
        {
            throw new HullException($"create state directory {path}: {e.Message}", ErrorKind.Failed, e);
        }
        return ContainerDirectory.Lock(id, path) ?? throw new HullException("container with given ID already exists", ErrorKind.AlreadyExists);
    }

    /// <summary>Locks the directory of an existing container.</summary>
    public ContainerDirectory Open(string id)
    {
        ContainerId.Validate(id);
        string path = Path.Combine(Root, id);
        var directory = ContainerDirectory.Lock(id, path);
        if (directory is null || !File.Exists(directory.StateFile))
        {
            directory?.Dispose();
            throw HullException.NotFound();
        }
        return directory;
    }

    /// <summary>
    /// Removes the directory of a create that died before writing state.json (a live create holds the
    /// lock until it has written it or cleaned up, so an unlocked directory without state is abandoned).
    /// </summary>
    public void RemoveAbandoned(string id)
    {
        ContainerId.Validate(id);
        using var directory = ContainerDirectory.Lock(id, Path.Combine(Root, id));
        if (directory is not null && !File.Exists(directory.StateFile))
            directory.Remove();
    }

    /// <summary>The uid that owns a container's directory.</summary>
    public uint OwnerOf(string id) => Syscall.StatOwner(Path.Combine(Root, id));

    /// <summary>The ids of all containers, sorted.</summary>
    public IReadOnlyList<string> Ids()
    {
        if (!Directory.Exists(Root))
            return [];
        var ids = Directory.GetDirectories(Root).Select(Path.GetFileName).OfType<string>().ToList();
        ids.Sort(StringComparer.Ordinal);
        return ids;
    }

    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
}
