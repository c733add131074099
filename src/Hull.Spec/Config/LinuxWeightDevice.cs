using System.Text.Json.Serialization;

namespace Hull.Spec;

/// <summary>The block I/O weight of one device.</summary>
public sealed class LinuxWeightDevice : LinuxBlockIODevice
{
    /// <summary>Weight.</summary>
    [JsonPropertyName("weight")]
    public ushort? Weight { get; set; }

    /// <summary>Weight against child cgroups (CFQ only).</summary>
    [JsonPropertyName("leafWeight")]
    public ushort? LeafWeight { get; set; }
}
