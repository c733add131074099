using Hull.Spec;

namespace Hull.Cgroups;

/// <summary>
/// The device rules a container gets, as runc builds them: the spec's resources.devices in order, then the devices
/// every container needs (the standard /dev nodes, ptys, tun, mknod of anything). A linux.devices entry creates a node
/// and grants nothing: only these rules decide what the container may open (a device the config lists but does not
/// allow stays closed, and one allowed read-only stays read-only).
/// </summary>
public static class DeviceRules
{
    public static List<LinuxDeviceCgroup> ForContainer(IEnumerable<LinuxDeviceCgroup>? rules) => [.. rules ?? [], .. Defaults()];

    /// <summary>mknod of any device; null, random, full, tty, zero, urandom, the ptys, ptmx and tun.</summary>
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
