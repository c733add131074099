namespace Hull.Tests.Engines;

/// <summary>
/// The cgroup directories a daemon puts its containers under (dockerd's "docker", CRI's "k8s.io"), one per hierarchy:
/// those it made go with the daemon, those that were there before stay.
/// </summary>
public sealed class EngineCgroupParents(string name)
{
    private readonly string[] _before = Find(name);

    /// <summary>Removes the parents that appeared since; a hierarchy reached by two names (cpu and cpu,cpuacct) is removed once.</summary>
    public void RemoveNew()
    {
        foreach (string parent in Find(name).Except(_before).Where(Directory.Exists))
            Directory.Delete(parent);
    }

    private static string[] Find(string name) =>
        [.. Directory.EnumerateDirectories("/sys/fs/cgroup").Select(h => Path.Combine(h, name)).Where(Directory.Exists)];
}
