using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hull.Spec;

/// <summary>RDMA limits of one device.</summary>
public sealed class LinuxRdma
{
    /// <summary>Maximum HCA handles.</summary>
    [JsonPropertyName("hcaHandles")]
    public uint? HcaHandles { get; set; }

    /// <summary>Maximum HCA objects.</summary>
    [JsonPropertyName("hcaObjects")]
    public uint? HcaObjects { get; set; }

    /// <summary>Fields this version does not know, kept so that they survive a load and save.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
