using Microsoft.Win32.SafeHandles;

namespace Hull.Cgroups;

/// <summary>
/// What lets a process join a cgroup without being moved into it by pid (see <see cref="ICgroupManager.OpenSelfJoin"/>):
/// the <c>tasks</c> files of its v1 hierarchies, which its main thread writes "0" to, and whether it is forked into its
/// cgroup2 directory (CLONE_INTO_CGROUP, see <see cref="ICgroupManager.OpenForkDirectory"/>).
/// </summary>
public sealed class CgroupJoinFiles : IDisposable
{
    /// <summary>Nothing: the process is moved by pid into every hierarchy.</summary>
    public static readonly CgroupJoinFiles None = new([], forkedIntoCgroup2: false, coverEveryHierarchy: false);

    /// <param name="taskFiles">The v1 tasks files, owned from now on.</param>
    /// <param name="forkedIntoCgroup2">Whether the process is forked into its cgroup2 directory.</param>
    /// <param name="coverEveryHierarchy">Whether the process joins the whole cgroup through them.</param>
    public CgroupJoinFiles(IReadOnlyList<SafeFileHandle> taskFiles, bool forkedIntoCgroup2, bool coverEveryHierarchy)
    {
        TaskFiles = taskFiles;
        ForkedIntoCgroup2 = forkedIntoCgroup2;
        CoverEveryHierarchy = coverEveryHierarchy;
    }

    /// <summary>One writable tasks file per v1 hierarchy.</summary>
    public IReadOnlyList<SafeFileHandle> TaskFiles { get; }

    /// <summary>Whether the process is forked into its cgroup2 directory; if not, it is moved there by pid, if at all.</summary>
    public bool ForkedIntoCgroup2 { get; }

    /// <summary>
    /// Whether these take the process into every hierarchy of the cgroup, so that <see cref="ICgroupManager.Apply"/>
    /// has nothing left to do and the process need not wait for it.
    /// </summary>
    public bool CoverEveryHierarchy { get; }

    public void Dispose()
    {
        foreach (var handle in TaskFiles)
            handle.Dispose();
    }
}
