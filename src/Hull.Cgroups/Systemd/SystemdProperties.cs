using Hull.Spec;

namespace Hull.Cgroups.Systemd;

/// <summary>One unit property for StartTransientUnit/SetUnitProperties: name, D-Bus type and a writer of its value.</summary>
internal sealed record UnitProperty(string Name, string Signature, Action<DBusWriter> Value)
{
    public static UnitProperty String(string name, string value) => new(name, "s", w => w.String(value));

    public static UnitProperty Bool(string name, bool value) => new(name, "b", w => w.Bool(value));

    public static UnitProperty UInt64(string name, ulong value) => new(name, "t", w => w.UInt64(value));

    /// <summary>Writes a(sv).</summary>
    public static void WriteAll(DBusWriter w, IEnumerable<UnitProperty> properties) => w.Array(8, () =>
    {
        foreach (var property in properties)
        {
            w.Align(8);
            w.String(property.Name);
            w.Signature(property.Signature);
            property.Value(w);
        }
    });
}

/// <summary>
/// The spec's resources as systemd unit properties, so that systemd's view of the unit agrees with the cgroup
/// files (which Hull writes as well, for what systemd has no property for). v1 hosts get the v1 names.
/// </summary>
internal static class SystemdProperties
{
    public static List<UnitProperty> For(LinuxResources r, bool v2)
    {
        var props = new List<UnitProperty>();
        if (r.Memory?.Limit is long limit && limit != 0)
            props.Add(UnitProperty.UInt64(v2 ? "MemoryMax" : "MemoryLimit", Bytes(limit)));
        if (v2 && r.Memory?.Reservation is long low && low != 0)
            props.Add(UnitProperty.UInt64("MemoryLow", Bytes(low)));
        if (v2 && CgroupConversions.SwapToV2(r.Memory?.Swap, r.Memory?.Limit) is long swap)
            props.Add(UnitProperty.UInt64("MemorySwapMax", Bytes(swap)));
        if (r.Cpu?.Shares is ulong shares && shares != 0)
            props.Add(v2 ? UnitProperty.UInt64("CPUWeight", CgroupConversions.CpuSharesToWeight(shares)) : UnitProperty.UInt64("CPUShares", shares));
        if (r.Cpu?.Period is ulong period && period != 0)
            props.Add(UnitProperty.UInt64("CPUQuotaPeriodUSec", period));
        if (r.Cpu?.Quota is long quota && quota != 0)
            props.Add(UnitProperty.UInt64("CPUQuotaPerSecUSec", QuotaPerSecond(quota, r.Cpu.Period)));
        if (!string.IsNullOrEmpty(r.Cpu?.Cpus))
            props.Add(new UnitProperty("AllowedCPUs", "ay", w => w.Bytes(Bitmask(r.Cpu.Cpus))));
        if (!string.IsNullOrEmpty(r.Cpu?.Mems))
            props.Add(new UnitProperty("AllowedMemoryNodes", "ay", w => w.Bytes(Bitmask(r.Cpu.Mems))));
        if (r.Pids is { } pids)
            props.Add(UnitProperty.UInt64("TasksMax", pids.Limit is long l && l > 0 ? (ulong)l : ulong.MaxValue));
        if (r.BlockIO?.Weight is ushort weight && weight != 0)
            props.Add(v2 ? UnitProperty.UInt64("IOWeight", CgroupConversions.BlkioWeightToIoWeight(weight)) : UnitProperty.UInt64("BlockIOWeight", weight));
        return props;
    }

    /// <summary>systemd takes CPU time per second of wall time, in 10 ms steps: rounded up, as runc does.</summary>
    public static ulong QuotaPerSecond(long quota, ulong? period)
    {
        if (quota < 0)
            return ulong.MaxValue;
        ulong perSecond = (ulong)quota * 1_000_000 / (period is ulong p && p != 0 ? p : 100_000);
        return (perSecond + 9_999) / 10_000 * 10_000;
    }

    /// <summary>The cpu list "0-2,5" as systemd's little-endian bitmask bytes.</summary>
    public static byte[] Bitmask(string list)
    {
        var numbers = CgroupConversions.ParseCpuList(list);
        if (numbers.Count == 0)
            return [];
        byte[] mask = new byte[numbers.Max() / 8 + 1];
        foreach (ushort n in numbers)
            mask[n / 8] |= (byte)(1 << (n % 8));
        return mask;
    }

    private static ulong Bytes(long value) => value < 0 ? ulong.MaxValue : (ulong)value;
}
