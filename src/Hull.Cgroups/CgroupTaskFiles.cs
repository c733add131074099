using Microsoft.Win32.SafeHandles;

namespace Hull.Cgroups;

/// <summary>Open <c>tasks</c> files of a cgroup's v1 hierarchies, for a process that moves its own main thread in (see <see cref="ICgroupManager.OpenSelfJoin"/>).</summary>
public sealed class CgroupTaskFiles : IDisposable
{
    /// <summary>No files: the layout has none (cgroup2, systemd), or there is no cgroup.</summary>
    public static readonly CgroupTaskFiles None = new([]);

    /// <param name="handles">The files, owned from now on.</param>
    public CgroupTaskFiles(IReadOnlyList<SafeFileHandle> handles)
    {
        Handles = handles;
    }

    /// <summary>One writable descriptor per hierarchy.</summary>
    public IReadOnlyList<SafeFileHandle> Handles { get; }

    public void Dispose()
    {
        foreach (var handle in Handles)
            handle.Dispose();
    }
}
