using System.Text.Json;
using Hull.Spec.Json;

namespace Hull.Spec;

/// <summary>RDMA limits of one device.</summary>
public sealed class LinuxRdma : IJsonExtensible
{
    public static readonly ObjectCodec<LinuxRdma> Codec = new ObjectCodec<LinuxRdma>()
        .Add("hcaHandles", JsonScalars.UInt32, x => x.HcaHandles, (x, v) => x.HcaHandles = v)
        .Add("hcaObjects", JsonScalars.UInt32, x => x.HcaObjects, (x, v) => x.HcaObjects = v);

    /// <summary>Maximum HCA handles.</summary>
    public uint? HcaHandles { get; set; }

    /// <summary>Maximum HCA objects.</summary>
    public uint? HcaObjects { get; set; }

    /// <summary>Fields this version does not know, kept so that they survive a load and save.</summary>
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
