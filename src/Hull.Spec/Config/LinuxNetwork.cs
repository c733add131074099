using System.Text.Json;
using Hull.Spec.Json;

namespace Hull.Spec;

/// <summary>Network class id and interface priorities of a cgroup.</summary>
public sealed class LinuxNetwork : IJsonExtensible
{
    public static readonly ObjectCodec<LinuxNetwork> Codec = new ObjectCodec<LinuxNetwork>()
        .Add("classID", JsonScalars.UInt32, x => x.ClassId, (x, v) => x.ClassId = v)
        .Add("priorities", new ListCodec<LinuxInterfacePriority>(LinuxInterfacePriority.Codec), x => x.Priorities, (x, v) => x.Priorities = v);

    /// <summary>net_cls class id.</summary>
    public uint? ClassId { get; set; }

    /// <summary>net_prio priorities.</summary>
    public List<LinuxInterfacePriority>? Priorities { get; set; }

    /// <summary>Fields this version does not know, kept so that they survive a load and save.</summary>
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
