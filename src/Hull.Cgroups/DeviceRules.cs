using Hull.Spec;

namespace Hull.Cgroups;

/// <summary>
/// The device rules a container gets: the spec's own rules in order, then the devices every container needs
/// (the standard /dev nodes, ptys, mknod of anything), then the spec's linux.devices — the list runc builds.
/// </summary>
public static class DeviceRules
{
    /// <summary>The rules to apply for a spec: resources.devices, then the defaults, then an allow for each linux.devices entry.</summary>
    public static List<LinuxDeviceCgroup> ForContainer(IEnumerable<LinuxDeviceCgroup>? rules, IEnumerable<LinuxDevice>? devices)
    {
        var result = new List<LinuxDeviceCgroup>(rules ?? []);
        result.AddRange(Defaults());
        foreach (var device in devices ?? [])
        {
            string type = device.Type is "u" ? "c" : device.Type ?? "c";
            if (type is "p")
                continue;
            result.Add(Allow(type, device.Major, device.Minor, "rwm"));
        }
        return result;
    }

    /// <summary>mknod of any device; null, zero, full, random, urandom, tty, console, ptmx, the ptys and tun.</summary>
    public static IEnumerable<LinuxDeviceCgroup> Defaults() =>
    [
        Allow("c", null, null, "m"),
        Allow("b", null, null, "m"),
        Allow("c", 1, 3, "rwm"),
        Allow("c", 1, 8, "rwm"),
        Allow("c", 1, 7, "rwm"),
        Allow("c", 5, 0, "rwm"),
        Allow("c", 1, 5, "rwm"),
        Allow("c", 1, 9, "rwm"),
        Allow("c", 5, 1, "rwm"),
        Allow("c", 136, null, "rwm"),
        Allow("c", 5, 2, "rwm"),
        Allow("c", 10, 200, "rwm"),
    ];

    /// <summary>The v1 devices.allow/deny syntax: "c 1:3 rwm", "*" for any number, "a" for everything.</summary>
    public static string Format(LinuxDeviceCgroup rule)
    {
        string type = string.IsNullOrEmpty(rule.Type) ? "a" : rule.Type;
        if (type == "a")
            return "a";
        return $"{type} {Number(rule.Major)}:{Number(rule.Minor)} {(string.IsNullOrEmpty(rule.Access) ? "rwm" : rule.Access)}";
    }

    private static string Number(long? value) => value is long v && v >= 0 ? v.ToString(System.Globalization.CultureInfo.InvariantCulture) : "*";

    private static LinuxDeviceCgroup Allow(string type, long? major, long? minor, string access) =>
        new() { Allow = true, Type = type, Major = major, Minor = minor, Access = access };
}
