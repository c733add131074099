using System.Globalization;
using System.Numerics;

namespace Hull.Cgroups;

/// <summary>
/// One resource a resctrl filesystem allocates (a cache level, or memory bandwidth): its name in schemata lines, the
/// domains (cache ids) the host has, and how many groups (CLOSIDs) it can tell apart.
/// </summary>
public abstract record ResctrlResource(string Name, IReadOnlyList<int> Domains, int Closids)
{
    /// <summary>
    /// Why the kernel would refuse <paramref name="value"/> for one domain, in the terms of its info files, or null;
    /// <paramref name="stored"/> is then the value as the kernel keeps it (and reads it back).
    /// </summary>
    public abstract string? Refusal(string value, out ulong stored);
}

/// <summary>A cache (L3, L2, or their CODE/DATA halves): a capacity bitmask per cache id.</summary>
/// <param name="Name">The resource's name in schemata lines and under info/.</param>
/// <param name="Domains">The domains (cache ids) of the root group's schemata.</param>
/// <param name="Closids">How many groups the resource tells apart (num_closids).</param>
/// <param name="CbmMask">The mask of the whole cache (info/&lt;name&gt;/cbm_mask), in hex.</param>
/// <param name="MinCbmBits">The fewest bits a mask may set.</param>
/// <param name="SparseMasks">Whether the CPU takes masks with gaps (info/&lt;name&gt;/sparse_masks).</param>
public sealed record CacheResource(string Name, IReadOnlyList<int> Domains, int Closids, string CbmMask, int MinCbmBits, bool SparseMasks)
    : ResctrlResource(Name, Domains, Closids)
{
    public override string? Refusal(string value, out ulong stored)
    {
        stored = 0;
        string digits = value.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? value[2..] : value;
        if (!ulong.TryParse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong mask))
            return $"the mask {value} is not hexadecimal";
        ulong whole = ulong.Parse(CbmMask, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
        if ((MinCbmBits > 0 && mask == 0) || (mask & ~whole) != 0)
            return $"the mask {value} is out of range (the whole cache is {CbmMask})";
        if (mask != 0)
        {
            int first = BitOperations.TrailingZeroCount(mask);
            int run = BitOperations.TrailingZeroCount(~(mask >> first));
            if (!SparseMasks && run < 64 && mask >> first >> run != 0)
                return $"the mask {value} has non-consecutive 1-bits";
            if (run < MinCbmBits)
                return $"the mask {value} sets fewer than the {MinCbmBits} consecutive bits the cache needs";
        }
        stored = mask;
        return null;
    }
}

/// <summary>Memory bandwidth (MB): a percentage per cache id, or MBps where resctrl was mounted with mba_MBps.</summary>
/// <param name="Name">The resource's name in schemata lines and under info/.</param>
/// <param name="Domains">The domains (cache ids) of the root group's schemata.</param>
/// <param name="Closids">How many groups the resource tells apart (num_closids).</param>
/// <param name="Granularity">The step the percentages go in (info/MB/bandwidth_gran).</param>
/// <param name="Minimum">The lowest percentage (info/MB/min_bandwidth).</param>
/// <param name="DelayLinear">Whether the throttling is linear (info/MB/delay_linear).</param>
/// <param name="InMBps">Whether values are MBps, which the kernel takes unchecked.</param>
public sealed record BandwidthResource(string Name, IReadOnlyList<int> Domains, int Closids, int Granularity, int Minimum, int DelayLinear, bool InMBps)
    : ResctrlResource(Name, Domains, Closids)
{
    public override string? Refusal(string value, out ulong stored)
    {
        stored = 0;
        if (!uint.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out uint bandwidth))
            return $"the bandwidth {value} is not a decimal number";
        if (InMBps)
        {
            stored = bandwidth;
            return null;
        }
        if (bandwidth < Minimum || bandwidth > 100)
            return $"the bandwidth {value} is out of range [{Minimum},100]";
        // The kernel rounds up to the next step the hardware has.
        ulong step = (ulong)Math.Max(Granularity, 1);
        stored = (bandwidth + step - 1) / step * step;
        return null;
    }
}
