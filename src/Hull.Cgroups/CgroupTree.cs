using Hull.Linux;

namespace Hull.Cgroups;

/// <summary>Walking a cgroup directory tree: creating it, its processes, and removing it children-first.</summary>
internal static class CgroupTree
{
    /// <summary>Creates a cgroup directory and its missing parents; one mkdir when the parent exists.</summary>
    public static void CreateDirectory(string dir)
    {
        try
        {
            try
            {
                Syscall.MakeDirectoryIfMissing(dir, 0b111_111_111);
            }
            catch (SyscallException e) when (e.Errno == Errno.ENOENT)
            {
                CreateDirectory(Path.GetDirectoryName(dir)!);
                Syscall.MakeDirectoryIfMissing(dir, 0b111_111_111);
            }
        }
        catch (SyscallException e)
        {
            throw new CgroupException($"create cgroup {dir}: {Errno.Describe(e.Errno)}", e);
        }
    }

    /// <summary>The pids in cgroup.procs of the directory and every sub-directory; none when it does not exist.</summary>
    public static List<int> Pids(string dir)
    {
        var pids = new List<int>();
        Collect(dir, pids);
        return pids;
    }

    private static void Collect(string dir, List<int> pids)
    {
        foreach (string line in (Syscall.ReadSmallFile(Path.Combine(dir, "cgroup.procs")) ?? "").Split('\n'))
        {
            if (int.TryParse(line, out int pid) && !pids.Contains(pid))
                pids.Add(pid);
        }
        foreach (string child in SubCgroups(dir))
            Collect(child, pids);
    }

    /// <summary>
    /// How long a removal waits for killed processes to finish exiting: a process freeing much memory on a slow (or
    /// emulated) machine keeps its cgroup busy well beyond a second.
    /// </summary>
    private static readonly TimeSpan RemoveGrace = TimeSpan.FromSeconds(10);

    /// <summary>Removes the directory and its sub-cgroups, children first; a busy directory is retried for <see cref="RemoveGrace"/>.</summary>
    public static void Remove(string dir)
    {
        var deadline = DateTime.UtcNow + RemoveGrace;
        while (true)
        {
            try
            {
                Directory.Delete(dir);
                return;
            }
            catch (DirectoryNotFoundException)
            {
                // Gone already (systemd removes a stopped scope's cgroup itself).
                return;
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                // Busy: sub-cgroups must go first, and processes that were just killed may still be exiting.
                string[] children = SubCgroups(dir);
                foreach (string child in children)
                    Remove(child);
                if (children.Length == 0)
                    Thread.Sleep(10);
            }
            catch (IOException e)
            {
                throw new CgroupException($"cannot remove cgroup {dir}: {e.Message} ({Pids(dir).Count} processes left)", e);
            }
        }
    }

    /// <summary>
    /// The sub-cgroups of a directory, listed only when its link count does not say there are none: cgroupfs lists
    /// dozens of files per directory. (A filesystem that counts no sub-directories, like btrfs, says 1.)
    /// </summary>
    private static string[] SubCgroups(string dir)
    {
        try
        {
            return Syscall.LinkCount(dir) is null or 2 ? [] : Directory.GetDirectories(dir);
        }
        catch (DirectoryNotFoundException)
        {
            // Removed while we looked.
            return [];
        }
    }

    /// <summary>Polls until the condition holds; false when it did not within the timeout.</summary>
    public static bool WaitFor(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        int delay = 1;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                return false;
            Thread.Sleep(delay);
            delay = Math.Min(delay * 2, 20);
        }
        return true;
    }

    /// <summary>SIGKILLs every process left (the cgroup must not be frozen) and waits for them to go.</summary>
    public static void KillAll(Func<IReadOnlyList<int>> pids, string what)
    {
        for (int round = 0; round < 5; round++)
        {
            var left = pids();
            if (left.Count == 0)
                return;
            foreach (int pid in left)
                Hull.Linux.Syscall.Kill(pid, Hull.Linux.Syscall.SIGKILL);
            if (WaitFor(() => pids().Count == 0, TimeSpan.FromSeconds(1)))
                return;
        }
        var remaining = pids();
        if (remaining.Count > 0)
            throw new CgroupException($"cannot empty cgroup {what}: processes {string.Join(' ', remaining)} survive SIGKILL");
    }
}
