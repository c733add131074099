namespace Hull.Tests.Differential;

/// <summary>Mount points of the host's mount namespace.</summary>
public static class Mounts
{
    /// <summary>Mount points at or below <paramref name="directory"/>, deepest first.</summary>
    public static List<string> Under(string directory) =>
        [.. File.ReadAllLines("/proc/self/mountinfo")
            .Select(line => Unescape(line.Split(' ')[4]))
            .Where(point => point == directory || point.StartsWith(directory + "/", StringComparison.Ordinal))
            .OrderByDescending(point => point.Length)];

    private static string Unescape(string field) =>
        System.Text.RegularExpressions.Regex.Replace(field, @"\\([0-7]{3})", m => ((char)Convert.ToInt32(m.Groups[1].Value, 8)).ToString());
}

/// <summary>The host's cgroup hierarchies, searched for what a container left.</summary>
public static class Cgroups
{
    /// <summary>Cgroup directories whose name contains <paramref name="text"/>, in any hierarchy, deepest first.</summary>
    public static List<string> Named(string text)
    {
        var found = new List<string>();
        foreach (string hierarchy in Directory.EnumerateDirectories("/sys/fs/cgroup"))
            Search(hierarchy, text, 0, found);
        if (File.Exists("/sys/fs/cgroup/cgroup.controllers"))
            Search("/sys/fs/cgroup", text, 0, found);
        return [.. found.Distinct().OrderByDescending(p => p.Length)];
    }

    /// <summary>Removes a cgroup directory and those below it.</summary>
    public static void Remove(string cgroup)
    {
        foreach (string dir in Directory.EnumerateDirectories(cgroup, "*", SearchOption.AllDirectories).OrderByDescending(p => p.Length).Append(cgroup))
        {
            if (File.Exists(Path.Combine(dir, "freezer.state")))
                TryWrite(Path.Combine(dir, "freezer.state"), "THAWED");
            if (File.Exists(Path.Combine(dir, "cgroup.freeze")))
                TryWrite(Path.Combine(dir, "cgroup.freeze"), "0");
            try
            {
                Directory.Delete(dir);
            }
            catch (IOException)
            {
            }
        }
    }

    private static void TryWrite(string path, string value)
    {
        try
        {
            File.WriteAllText(path, value);
        }
        catch (IOException)
        {
        }
    }

    private static void Search(string dir, string text, int depth, List<string> found)
    {
        if (depth > 6)
            return;
        IEnumerable<string> children;
        try
        {
            children = Directory.EnumerateDirectories(dir).ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return;
        }
        foreach (string child in children)
        {
            if (Path.GetFileName(child).Contains(text, StringComparison.Ordinal))
                found.Add(child);
            else
                Search(child, text, depth + 1, found);
        }
    }
}
