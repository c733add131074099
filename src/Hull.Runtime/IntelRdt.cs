namespace Hull.Runtime;

/// <summary>What the host's resctrl filesystem offers (Intel RDT): cache allocation (CAT) and memory bandwidth (MBA).</summary>
public static class IntelRdt
{
    public static bool CatEnabled => ResctrlRoot is { } root && Directory.Exists(Path.Combine(root, "info", "L3"));

    public static bool MbaEnabled => ResctrlRoot is { } root && Directory.Exists(Path.Combine(root, "info", "MB"));

    /// <summary>Where resctrl is mounted, or null.</summary>
    public static string? ResctrlRoot =>
        File.ReadLines("/proc/self/mountinfo").Select(line => line.Split(" - ")).Where(p => p.Length == 2 && p[1].StartsWith("resctrl ", StringComparison.Ordinal))
            .Select(p => p[0].Split(' ')[4]).FirstOrDefault();
}
