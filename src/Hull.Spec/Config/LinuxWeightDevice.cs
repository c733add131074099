using Hull.Spec.Json;

namespace Hull.Spec;

/// <summary>The block I/O weight of one device.</summary>
public sealed class LinuxWeightDevice : LinuxBlockIODevice
{
    public static readonly ObjectCodec<LinuxWeightDevice> Codec = LinuxBlockIODevice.CodecOf<LinuxWeightDevice>()
        .Add("weight", JsonScalars.UInt16, x => x.Weight, (x, v) => x.Weight = v)
        .Add("leafWeight", JsonScalars.UInt16, x => x.LeafWeight, (x, v) => x.LeafWeight = v);

    /// <summary>Weight.</summary>
    public ushort? Weight { get; set; }

    /// <summary>Weight against child cgroups (CFQ only).</summary>
    public ushort? LeafWeight { get; set; }
}
