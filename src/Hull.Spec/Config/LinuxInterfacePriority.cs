using System.Text.Json;
using Hull.Spec.Json;

namespace Hull.Spec;

/// <summary>The net_prio priority of one interface.</summary>
public sealed class LinuxInterfacePriority : IJsonExtensible
{
    public static readonly ObjectCodec<LinuxInterfacePriority> Codec = new ObjectCodec<LinuxInterfacePriority>()
        .Add("name", JsonScalars.String, x => x.Name, (x, v) => x.Name = v)
        .Add("priority", JsonScalars.UInt32, x => x.Priority, (x, v) => x.Priority = v);

    /// <summary>Interface name.</summary>
    public string? Name { get; set; }

    /// <summary>Priority.</summary>
    public uint? Priority { get; set; }

    /// <summary>Fields this version does not know, kept so that they survive a load and save.</summary>
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
