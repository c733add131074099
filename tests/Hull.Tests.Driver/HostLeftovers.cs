namespace Hull.Tests.Driver;

/// <summary>What a destroyed container may not leave on the host.</summary>
public static class HostLeftovers
{
    public static void AssertNone(string id, string backend = "hull", bool cgroups = true)
    {
        string root = Backends.Root(backend);
        Assert.False(Directory.Exists(Path.Combine(root, id)), $"state directory of {id} left behind");
        Assert.False(Directory.Exists(Path.Combine(root + ".hull", id)), $"the library's directory of {id} left behind");
        if (cgroups)
            Assert.Empty(HostCgroups.Named(id));
    }

    /// <summary>True once <paramref name="pid"/> is gone (reaped, not a zombie of this process).</summary>
    public static bool IsGone(int pid) => !File.Exists($"/proc/{pid}/stat");

    /// <summary>Children of this process that have exited and are not reaped yet, by pid and command name.</summary>
    public static List<string> ZombieChildren() => [.. ZombieChildrenNow().Select(pid => $"{pid} ({ReadStat(pid)?.Split('(', ')')[1]})")];

    private static List<int> ZombieChildrenNow() =>
        [.. Directory.EnumerateDirectories("/proc").Select(Path.GetFileName).Where(n => n!.All(char.IsAsciiDigit)).Select(n => int.Parse(n!))
            .Where(pid => ReadStat(pid) is { } stat && stat[(stat.LastIndexOf(')') + 2)..].Split(' ') is var fields
                && fields[0] == "Z" && fields[1] == Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture))];

    private static string? ReadStat(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null;
        }
    }
}
