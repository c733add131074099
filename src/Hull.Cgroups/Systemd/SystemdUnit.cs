namespace Hull.Cgroups.Systemd;

/// <summary>
/// A cgroupsPath for the systemd driver, "slice:prefix:name": the unit is "prefix-name.scope" (or "name" itself
/// when it ends in .slice) inside "slice" (the default slice when empty: system.slice, or user.slice under a user's
/// own systemd). No cgroupsPath means &lt;default slice&gt;:hull:&lt;id&gt;.
/// </summary>
public sealed record SystemdUnit(string Slice, string Unit)
{
    public static SystemdUnit Parse(string? cgroupsPath, string containerId, string defaultSlice = "system.slice")
    {
        if (string.IsNullOrEmpty(cgroupsPath))
            return new SystemdUnit(defaultSlice, $"hull-{containerId}.scope");
        string[] parts = cgroupsPath.Split(':');
        if (parts.Length != 3)
            throw new CgroupException($"cgroupsPath {cgroupsPath} must be \"slice:prefix:name\" for the systemd cgroup driver");
        string slice = parts[0].Length == 0 ? defaultSlice : parts[0];
        string name = parts[2].Length == 0 ? containerId : parts[2];
        string unit = name.EndsWith(".slice", StringComparison.Ordinal) ? name
            : parts[1].Length == 0 ? $"{name}.scope" : $"{parts[1]}-{name}.scope";
        ExpandSlice(slice);
        if (unit.Contains('/', StringComparison.Ordinal))
            throw new CgroupException($"invalid systemd unit name {unit}");
        return new SystemdUnit(slice, unit);
    }

    public bool IsSlice => Unit.EndsWith(".slice", StringComparison.Ordinal);

    /// <summary>The cgroup path below a hierarchy's root: the slice's path, then the unit.</summary>
    public string CgroupPath => ExpandSlice(Slice).TrimEnd('/') + "/" + Unit;

    /// <summary>"a-b-c.slice" lives at /a.slice/a-b.slice/a-b-c.slice; "-.slice" is the root.</summary>
    public static string ExpandSlice(string slice)
    {
        if (!slice.EndsWith(".slice", StringComparison.Ordinal) || slice.Contains('/', StringComparison.Ordinal))
            throw new CgroupException($"invalid systemd slice {slice}: it must end in .slice and contain no '/'");
        if (slice == "-.slice")
            return "/";
        string name = slice[..^".slice".Length];
        if (name.Length == 0 || name.StartsWith('-') || name.EndsWith('-') || name.Contains("--", StringComparison.Ordinal))
            throw new CgroupException($"invalid systemd slice {slice}");
        var path = new System.Text.StringBuilder();
        string prefix = "";
        foreach (string component in name.Split('-'))
        {
            prefix = prefix.Length == 0 ? component : $"{prefix}-{component}";
            path.Append('/').Append(prefix).Append(".slice");
        }
        return path.ToString();
    }
}
