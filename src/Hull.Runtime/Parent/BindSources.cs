using Hull.Linux;
using Hull.Runtime.Child;
using Hull.Spec;
using Microsoft.Win32.SafeHandles;

namespace Hull.Runtime.Parent;

/// <summary>
/// The sources of a container's bind mounts, cloned by the runtime as detached mount trees, as runc opens its mount
/// sources outside the container's user namespace: the container's root may not be able to reach a source that the
/// host's root can (a directory only its owner may enter), yet the mount is the host's to give. The child attaches them.
/// </summary>
internal sealed class BindSources : IDisposable
{
    private BindSources(Dictionary<int, SafeFileHandle> byMount) => ByMount = byMount;

    /// <summary>The opened sources, by mount index.</summary>
    public IReadOnlyDictionary<int, SafeFileHandle> ByMount { get; }

    /// <summary>
    /// Opens the sources only where the container gets a new user namespace from root (an unprivileged runtime has no
    /// more access than its container), skipping <paramref name="attached"/> mounts; a source that cannot be opened is
    /// left to the child, which reports it.
    /// </summary>
    public static BindSources Open(RuntimeSpec spec, string bundle, bool rootless, IEnumerable<int> attached)
    {
        var byMount = new Dictionary<int, SafeFileHandle>();
        if (!Namespaces.IsNew(spec.Linux, "user") || rootless || Syscall.EffectiveUid() != 0)
            return new BindSources(byMount);
        var skip = attached.ToHashSet();
        var mounts = spec.Mounts ?? [];
        for (int i = 0; i < mounts.Count; i++)
        {
            var mount = mounts[i];
            var options = MountOptions.Parse(mount.Options);
            if (!(options.IsBind || mount.Type == "bind") || skip.Contains(i) || string.IsNullOrEmpty(mount.Source))
                continue;
            try
            {
                byMount[i] = Syscall.CloneTree(Path.Combine(bundle, mount.Source), options.IsRecursiveBind);
            }
            catch (SyscallException)
            {
            }
        }
        return new BindSources(byMount);
    }

    public void Dispose()
    {
        foreach (var source in ByMount.Values)
            source.Dispose();
    }
}
