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
        // Each write is one rule, so both files stay open for the whole list.
        using var deny = CgroupFile.OpenForWrites(dir, "devices.deny");
        using var allow = CgroupFile.OpenForWrites(dir, "devices.allow");
        deny.Write("a");
        foreach (var rule in rules)
            (rule.Allow == true ? allow : deny).Write(DeviceRules.Format(rule));
    }
}
