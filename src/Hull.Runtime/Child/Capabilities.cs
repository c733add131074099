using Hull.Spec;

namespace Hull.Runtime.Child;

/// <summary>Capability sets as the kernel's bit masks.</summary>
internal static class Capabilities
{
    /// <summary>The highest capability this kernel knows (/proc/sys/kernel/cap_last_cap).</summary>
    public static int LastCap =>
        int.TryParse(Hull.Linux.Syscall.ReadSmallFile("/proc/sys/kernel/cap_last_cap")?.Trim(), out int last) ? last : CapabilityNames.All.Count - 1;

    /// <summary>The bit mask of the known names in a list; unknown names are skipped (runc warns and ignores them).</summary>
    public static ulong Mask(IEnumerable<string>? names)
    {
        ulong mask = 0;
        foreach (string name in names ?? [])
        {
            int n = CapabilityNames.NumberOf(name);
            if (n >= 0)
                mask |= 1UL << n;
        }
        return mask;
    }
}
