using Hull.Spec;

namespace Hull.Cgroups;

/// <summary>
/// v1 devices: the rules are reduced to the state the kernel keeps (see <see cref="V1DeviceEmulator"/>), and only what
/// differs from the cgroup's current devices.list is written, so that an update never denies, even for a moment,
/// what stays allowed.
/// </summary>
internal static class V1Devices
{
    public static void Set(string dir, IReadOnlyList<LinuxDeviceCgroup> rules)
    {
        var current = V1DeviceEmulator.Parse(CgroupFile.Read(dir, "devices.list") ?? "a *:* rwm");
        var writes = current.TransitionTo(V1DeviceEmulator.Of(rules));
        if (writes.Count == 0)
            return;
        // Each write is one rule, so both files stay open for the whole list.
        using var deny = CgroupFile.OpenForWrites(dir, "devices.deny");
        using var allow = CgroupFile.OpenForWrites(dir, "devices.allow");
        foreach (var (isAllow, rule) in writes)
            (isAllow ? allow : deny).Write(rule);
    }
}
