namespace Hull.Cgroups;

/// <summary>
/// The OCI spec speaks cgroup v1; these map its values onto cgroup v2 the way runc and crun do
/// (opencontainers/cgroups utils.go, crun's cgroup-resources.c).
/// </summary>
public static class CgroupConversions
{
    /// <summary>
    /// cpu.shares [2, 262144] → cpu.weight [1, 10000]: the quadratic-in-log2 curve runc (≥ 1.3) and crun (≥ 1.23)
    /// use, which maps the default 1024 to the default 100 and keeps both ends; 0 stays "unset".
    /// </summary>
    public static ulong CpuSharesToWeight(ulong shares)
    {
        if (shares == 0)
            return 0;
        if (shares <= 2)
            return 1;
        if (shares >= 262144)
            return 10000;
        double log = Math.Log2(shares);
        double exponent = ((log * log) + (125 * log)) / 612.0 - (7.0 / 34.0);
        return (ulong)Math.Ceiling(Math.Pow(10, exponent));
    }

    /// <summary>blkio.weight [10, 1000] → io.weight [1, 10000], linearly; 0 stays "unset".</summary>
    public static ulong BlkioWeightToIoWeight(ulong weight) =>
        weight == 0 ? 0 : 1 + ((Math.Max(weight, 10) - 10) * 9999 / 990);

    /// <summary>
    /// The spec's memory.swap is memory+swap (v1 memsw); v2's memory.swap.max is swap alone. -1 is unlimited and
    /// 0 unset; an unlimited memory with no swap given means unlimited swap too. Null means "leave swap alone".
    /// </summary>
    public static long? SwapToV2(long? swap, long? memory)
    {
        long mem = memory ?? 0;
        long sw = swap ?? 0;
        if (mem == -1 && sw == 0)
            return -1;
        if (sw == -1)
            return -1;
        if (sw == 0)
            return null;
        if (mem is 0 or -1)
            throw new CgroupException("cannot set a swap limit (memory.swap) without a memory limit");
        if (mem < 0)
            throw new CgroupException($"invalid memory limit {mem}");
        if (sw < mem)
            throw new CgroupException($"memory+swap limit {sw} must not be below the memory limit {mem}");
        return sw - mem;
    }

    /// <summary>A v2 limit: "max" for negative values.</summary>
    public static string V2Limit(long value) => value < 0 ? "max" : value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The cpuset list syntax ("0-3,7") as numbers.</summary>
    public static List<ushort> ParseCpuList(string? text)
    {
        var result = new List<ushort>();
        foreach (string part in (text ?? "").Trim().Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] range = part.Split('-');
            if (!ushort.TryParse(range[0], out ushort first))
                continue;
            ushort last = range.Length > 1 && ushort.TryParse(range[1], out ushort end) ? end : first;
            for (int i = first; i <= last; i++)
                result.Add((ushort)i);
        }
        return result;
    }
}
