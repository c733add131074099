using System.Globalization;
using Hull.Spec;

namespace Hull.Cgroups;

/// <summary>v1 blkio: weights (CFQ's blkio.weight, or BFQ's blkio.bfq.weight where CFQ is gone) and throttles.</summary>
internal static class V1BlockIO
{
    public static bool HasAny(LinuxBlockIO? b) => b is not null
        && (b.Weight is not null || b.LeafWeight is not null || b.WeightDevice is { Count: > 0 } || b.ThrottleReadBpsDevice is { Count: > 0 }
            || b.ThrottleWriteBpsDevice is { Count: > 0 } || b.ThrottleReadIOPSDevice is { Count: > 0 } || b.ThrottleWriteIOPSDevice is { Count: > 0 });

    public static void Set(string dir, LinuxBlockIO blkio)
    {
        // As runc chooses: CFQ's file where it is, else BFQ's (whose absence is then the error).
        string weightFile = CgroupFile.Exists(dir, "blkio.weight") ? "blkio.weight" : "blkio.bfq.weight";
        if (blkio.Weight is ushort weight && weight != 0)
            CgroupFile.Write(dir, weightFile, Text(weight));
        if (blkio.LeafWeight is ushort leaf && leaf != 0)
            CgroupFile.Write(dir, "blkio.leaf_weight", Text(leaf));
        foreach (var device in blkio.WeightDevice ?? [])
        {
            if (device.Weight is ushort w && w != 0)
                CgroupFile.Write(dir, weightFile + "_device", $"{Device(device)} {w}");
            if (device.LeafWeight is ushort lw && lw != 0)
                CgroupFile.Write(dir, "blkio.leaf_weight_device", $"{Device(device)} {lw}");
        }
        Throttle(dir, "blkio.throttle.read_bps_device", blkio.ThrottleReadBpsDevice);
        Throttle(dir, "blkio.throttle.write_bps_device", blkio.ThrottleWriteBpsDevice);
        Throttle(dir, "blkio.throttle.read_iops_device", blkio.ThrottleReadIOPSDevice);
        Throttle(dir, "blkio.throttle.write_iops_device", blkio.ThrottleWriteIOPSDevice);
    }

    internal static string Device(LinuxBlockIODevice device) => $"{device.Major ?? 0}:{device.Minor ?? 0}";

    private static void Throttle(string dir, string file, List<LinuxThrottleDevice>? devices)
    {
        foreach (var device in devices ?? [])
            CgroupFile.Write(dir, file, $"{Device(device)} {device.Rate ?? 0}");
    }

    private static string Text(ushort value) => value.ToString(CultureInfo.InvariantCulture);
}
