using System.Text.Json;
using Hull.Spec.Json;

namespace Hull.Spec;

/// <summary>A mount made in the container.</summary>
public sealed class Mount : IJsonExtensible
{
    public static readonly ObjectCodec<Mount> Codec = new ObjectCodec<Mount>()
        .Add("destination", JsonScalars.String, x => x.Destination, (x, v) => x.Destination = v)
        .Add("type", JsonScalars.String, x => x.Type, (x, v) => x.Type = v)
        .Add("source", JsonScalars.String, x => x.Source, (x, v) => x.Source = v)
        .Add("options", JsonScalars.Strings, x => x.Options, (x, v) => x.Options = v)
        .Add("uidMappings", new ListCodec<LinuxIdMapping>(LinuxIdMapping.Codec), x => x.UidMappings, (x, v) => x.UidMappings = v)
        .Add("gidMappings", new ListCodec<LinuxIdMapping>(LinuxIdMapping.Codec), x => x.GidMappings, (x, v) => x.GidMappings = v);

    /// <summary>Path of the mount point inside the container.</summary>
    public string? Destination { get; set; }

    /// <summary>Filesystem type.</summary>
    public string? Type { get; set; }

    /// <summary>Device, directory or pseudo-filesystem name.</summary>
    public string? Source { get; set; }

    /// <summary>fstab-style mount options.</summary>
    public List<string>? Options { get; set; }

    /// <summary>User id mapping of an id-mapped mount.</summary>
    public List<LinuxIdMapping>? UidMappings { get; set; }

    /// <summary>Group id mapping of an id-mapped mount.</summary>
    public List<LinuxIdMapping>? GidMappings { get; set; }

    /// <summary>Fields this version does not know, kept so that they survive a load and save.</summary>
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
