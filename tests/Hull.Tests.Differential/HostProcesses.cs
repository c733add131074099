namespace Hull.Tests.Differential;

/// <summary>The host's processes, read from /proc.</summary>
public static class HostProcesses
{
    /// <summary>Live (not zombie) processes whose session id is <paramref name="session"/>.</summary>
    public static List<int> InSession(int session) =>
        [.. All().Where(p => Stat(p) is { } stat && stat.Session == session && stat.State != 'Z')];

    /// <summary>
    /// Live processes whose /proc/PID/cgroup names a cgroup path with a component that contains <paramref name="text"/>.
    /// Zombies are left out: once their parent has gone, reaping them is the host init's job.
    /// </summary>
    public static List<int> InCgroupNaming(string text) =>
        [.. All().Where(p => Stat(p) is { State: not 'Z' } && Read($"/proc/{p}/cgroup") is { } cgroups && cgroups.Split('\n').Any(line => Named(line, text)))];

    public static void Kill(int pid)
    {
        try
        {
            System.Diagnostics.Process.GetProcessById(pid).Kill();
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
        }
    }

    private static bool Named(string cgroupLine, string text)
    {
        int path = cgroupLine.IndexOf(":/", StringComparison.Ordinal);
        return path >= 0 && cgroupLine[(path + 1)..].Split('/').Any(part => part.Contains(text, StringComparison.Ordinal));
    }

    private static IEnumerable<int> All() =>
        Directory.EnumerateDirectories("/proc").Select(Path.GetFileName).Where(n => n!.All(char.IsAsciiDigit)).Select(n => int.Parse(n!));

    private static (char State, int Parent, int Session)? Stat(int pid)
    {
        string? stat = Read($"/proc/{pid}/stat");
        if (stat is null)
            return null;
        string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (fields[0][0], int.Parse(fields[1]), int.Parse(fields[3]));
    }

    private static string? Read(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
