using System.Text.Json;
using Hull.Spec.Json;

namespace Hull.Spec;

/// <summary>Block I/O weights and throttles of a cgroup.</summary>
public sealed class LinuxBlockIO : IJsonExtensible
{
    public static readonly ObjectCodec<LinuxBlockIO> Codec = new ObjectCodec<LinuxBlockIO>()
        .Add("weight", JsonScalars.UInt16, x => x.Weight, (x, v) => x.Weight = v)
        .Add("leafWeight", JsonScalars.UInt16, x => x.LeafWeight, (x, v) => x.LeafWeight = v)
        .Add("weightDevice", new ListCodec<LinuxWeightDevice>(LinuxWeightDevice.Codec), x => x.WeightDevice, (x, v) => x.WeightDevice = v)
        .Add("throttleReadBpsDevice", new ListCodec<LinuxThrottleDevice>(LinuxThrottleDevice.Codec), x => x.ThrottleReadBpsDevice, (x, v) => x.ThrottleReadBpsDevice = v)
        .Add("throttleWriteBpsDevice", new ListCodec<LinuxThrottleDevice>(LinuxThrottleDevice.Codec), x => x.ThrottleWriteBpsDevice, (x, v) => x.ThrottleWriteBpsDevice = v)
        .Add("throttleReadIOPSDevice", new ListCodec<LinuxThrottleDevice>(LinuxThrottleDevice.Codec), x => x.ThrottleReadIOPSDevice, (x, v) => x.ThrottleReadIOPSDevice = v)
        .Add("throttleWriteIOPSDevice", new ListCodec<LinuxThrottleDevice>(LinuxThrottleDevice.Codec), x => x.ThrottleWriteIOPSDevice, (x, v) => x.ThrottleWriteIOPSDevice = v);

    /// <summary>Weight of the cgroup.</summary>
    public ushort? Weight { get; set; }

    /// <summary>Weight against child cgroups (CFQ only).</summary>
    public ushort? LeafWeight { get; set; }

    /// <summary>Per-device weights.</summary>
    public List<LinuxWeightDevice>? WeightDevice { get; set; }

    /// <summary>Per-device read limits in bytes per second.</summary>
    public List<LinuxThrottleDevice>? ThrottleReadBpsDevice { get; set; }

    /// <summary>Per-device write limits in bytes per second.</summary>
    public List<LinuxThrottleDevice>? ThrottleWriteBpsDevice { get; set; }

    /// <summary>Per-device read limits in operations per second.</summary>
    public List<LinuxThrottleDevice>? ThrottleReadIOPSDevice { get; set; }

    /// <summary>Per-device write limits in operations per second.</summary>
    public List<LinuxThrottleDevice>? ThrottleWriteIOPSDevice { get; set; }

    /// <summary>Fields this version does not know, kept so that they survive a load and save.</summary>
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
