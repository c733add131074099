using Hull.Linux;

namespace Hull.Cgroups;

/// <summary>
/// Where the resctrl filesystem (Intel RDT) is mounted, and whether memory bandwidth is given in MBps there (the
/// <c>mba_MBps</c> mount option) rather than in percent.
/// </summary>
public sealed record ResctrlMount(string Root, bool BandwidthInMBps)
{
    /// <summary>The first resctrl mount of a mountinfo file (normally /proc/self/mountinfo); null when there is none.</summary>
    public static ResctrlMount? Find(string mountinfoPath = "/proc/self/mountinfo")
    {
        string mountinfo = Syscall.ReadSmallFile(mountinfoPath) ?? "";
        foreach (string line in mountinfo.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            int separator = line.IndexOf(" - ", StringComparison.Ordinal);
            if (separator < 0 || string.CompareOrdinal(line, separator + 3, "resctrl ", 0, 8) != 0)
                continue;
            string[] before = line[..separator].Split(' ');
            string[] after = line[(separator + 3)..].Split(' ');
            if (before.Length < 5 || after.Length < 3)
                continue;
            return new ResctrlMount(MountInfoText.Unescape(before[4]), after[2].Split(',').Contains("mba_MBps"));
        }
        return null;
    }
}
