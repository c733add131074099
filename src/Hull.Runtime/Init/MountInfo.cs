namespace Hull.Runtime.Init;

/// <summary>Look-ups in /proc/self/mountinfo.</summary>
internal static class MountInfo
{
    /// <summary>The mount point that contains <paramref name="path"/> (the longest mounted prefix).</summary>
    public static string MountPointOf(string path)
    {
        string best = "/";
        foreach (string line in File.ReadLines("/proc/self/mountinfo"))
        {
            string[] fields = line.Split(' ');
            if (fields.Length < 5)
                continue;
            string mountPoint = fields[4].Replace("\\040", " ", StringComparison.Ordinal);
            bool contains = mountPoint == "/" || path == mountPoint || path.StartsWith(mountPoint + "/", StringComparison.Ordinal);
            if (contains && mountPoint.Length > best.Length)
                best = mountPoint;
        }
        return best;
    }
}
