using Hull.Runtime.Child;
using Hull.Spec;

namespace Hull.Runtime.Parent;

/// <summary>
/// A bundle as `create` takes it: its directory, its config (validated, with the caller's overrides) and its rootfs,
/// which must be a real directory reached without a symlink, as runc insists.
/// </summary>
internal sealed record ContainerBundle(string Directory, RuntimeSpec Spec, string Rootfs)
{
    public static ContainerBundle Load(CreateOptions request)
    {
        string directory = Path.GetFullPath(request.Bundle);
        if (!System.IO.Directory.Exists(directory))
            throw new HullException($"chdir {request.Bundle}: {(File.Exists(directory) ? "not a directory" : "no such file or directory")}", ErrorKind.NotFound);
        var spec = LoadSpec(directory, request.Spec);
        if (request.Terminal is bool terminal)
            (spec.Process ??= new Process()).Terminal = terminal;
        SocketActivation.PassTo(spec.Process, request.ListenFds);
        var rootfs = CheckedRootfs(directory, spec);
        CheckNamespacePaths(spec);
        return new ContainerBundle(directory, spec, rootfs);
    }

    /// <summary>A namespace to join must be there, as runc checks before it starts the container's process.</summary>
    private static void CheckNamespacePaths(RuntimeSpec spec)
    {
        foreach (var ns in spec.Linux?.Namespaces ?? [])
        {
            if (!string.IsNullOrEmpty(ns.Path) && !File.Exists(ns.Path) && !System.IO.Directory.Exists(ns.Path) && new FileInfo(ns.Path).LinkTarget is null)
                throw new HullException($"unable to create new parent process: namespace path: lstat {ns.Path}: no such file or directory", ErrorKind.InvalidArgument);
        }
    }

    /// <summary>
    /// Whether the native stage may fork the container process into a cgroup2 directory: not from inside a user
    /// namespace, where the kernel checks the fork against the stage's credentials there.
    /// </summary>
    public static bool MayForkIntoCgroup(RuntimeSpec spec) => !Namespaces.Has(spec.Linux, "user");

    private static RuntimeSpec LoadSpec(string bundle, RuntimeSpec? given)
    {
        try
        {
            // A given spec is copied, so what the caller later changes does not reach the container.
            var spec = given is null ? SpecLoader.Load(Path.Combine(bundle, "config.json")) : SpecLoader.Copy(given);
            foreach (var warning in SpecValidator.ValidateOrThrow(spec, bundle))
                RuntimeLog.Warning(warning.Path.Length == 0 ? warning.Message : $"{warning.Path}: {warning.Message}");
            SecurityLabels.Check(spec.Process);
            return spec;
        }
        catch (SpecException e)
        {
            throw new HullException(e.Message, ErrorKind.InvalidArgument, e);
        }
    }

    /// <summary>runc's check: the rootfs resolves to itself, so neither it nor a directory above it is a symlink.</summary>
    private static string CheckedRootfs(string bundle, RuntimeSpec spec)
    {
        string rootfs = Path.GetFullPath(spec.Root?.Path ?? "rootfs", bundle);
        string resolved;
        try
        {
            resolved = Resolve(rootfs);
        }
        catch (IOException e)
        {
            throw new HullException($"invalid rootfs: {e.Message}", ErrorKind.InvalidArgument, e);
        }
        if (resolved != rootfs)
            throw new HullException("invalid rootfs: not an absolute path, or a symlink", ErrorKind.InvalidArgument);
        if (!System.IO.Directory.Exists(rootfs))
            throw new HullException("unable to start container process: unable to start init: fork/exec /proc/self/exe: not a directory", ErrorKind.InvalidArgument);
        return rootfs;
    }

    /// <summary>The path with every symlink resolved (Go's filepath.EvalSymlinks), or why it cannot be.</summary>
    private static string Resolve(string path)
    {
        string resolved = "/";
        foreach (string part in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            string next = Path.Combine(resolved, part);
            var info = new FileInfo(next);
            if (!info.Exists && !System.IO.Directory.Exists(next))
                throw new IOException($"lstat {path}: no such file or directory");
            resolved = info.LinkTarget is { } target ? Resolve(Path.GetFullPath(target, resolved)) : next;
        }
        return resolved;
    }
}
