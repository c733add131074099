using Microsoft.Win32.SafeHandles;

namespace Hull.Cgroups;

/// <summary>Open <c>tasks</c> files of a cgroup's v1 hierarchies, for a process that moves its own main thread in (see <see cref="ICgroupManager.OpenSelfJoin"/>).</summary>
public sealed class CgroupTaskFiles : IDisposable
{
    /// <summary>No files: the layout has none (cgroup2, systemd), or there is no cgroup.</summary>
    public static readonly CgroupTaskFiles None = new([], coverEveryHierarchy: false);

    /// <param name="handles">The files, owned from now on.</param>
    /// <param name="coverEveryHierarchy">Whether the process joins the whole cgroup through them.</param>
    public CgroupTaskFiles(IReadOnlyList<SafeFileHandle> handles, bool coverEveryHierarchy)
    {
        Handles = handles;
        CoverEveryHierarchy = coverEveryHierarchy;
    }

    /// <summary>One writable descriptor per hierarchy.</summary>
    public IReadOnlyList<SafeFileHandle> Handles { get; }

    /// <summary>
    /// Whether these files take the process into every hierarchy of the cgroup (all v1), so that
    /// <see cref="ICgroupManager.Apply"/> has nothing left to do and the process need not wait for it.
    /// </summary>
    public bool CoverEveryHierarchy { get; }

    public void Dispose()
    {
        foreach (var handle in Handles)
            handle.Dispose();
    }
}
