using System.Text.Json;
using Hull.Spec.Json;

namespace Hull.Spec;

/// <summary>A range of user or group ids mapped into a user namespace.</summary>
public sealed class LinuxIdMapping : IJsonExtensible
{
    public static readonly ObjectCodec<LinuxIdMapping> Codec = new ObjectCodec<LinuxIdMapping>()
        .Add("containerID", JsonScalars.UInt32, x => x.ContainerId, (x, v) => x.ContainerId = v)
        .Add("hostID", JsonScalars.UInt32, x => x.HostId, (x, v) => x.HostId = v)
        .Add("size", JsonScalars.UInt32, x => x.Size, (x, v) => x.Size = v);

    /// <summary>First id in the container.</summary>
    public uint? ContainerId { get; set; }

    /// <summary>First id on the host.</summary>
    public uint? HostId { get; set; }

    /// <summary>Number of ids.</summary>
    public uint? Size { get; set; }

    /// <summary>Fields this version does not know, kept so that they survive a load and save.</summary>
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
