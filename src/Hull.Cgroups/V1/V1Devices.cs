using Hull.Spec;

namespace Hull.Cgroups;

/// <summary>
/// v1 devices: everything is denied first, then the rules are written in order, so devices.list shows the
/// allowed rules in the order given (what the kernel keeps is an allow list after a deny-all).
/// </summary>
internal static class V1Devices
{
    public static void Set(string dir, IReadOnlyList<LinuxDeviceCgroup> rules)
    {
        CgroupFile.Write(dir, "devices.deny", "a");
        foreach (var rule in rules)
            CgroupFile.Write(dir, rule.Allow == true ? "devices.allow" : "devices.deny", DeviceRules.Format(rule));
    }
}
