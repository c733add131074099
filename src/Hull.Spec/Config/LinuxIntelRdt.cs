using System.Text.Json;
using Hull.Spec.Json;

namespace Hull.Spec;

/// <summary>Intel RDT (resctrl) settings of a container.</summary>
public sealed class LinuxIntelRdt : IJsonExtensible
{
    public static readonly ObjectCodec<LinuxIntelRdt> Codec = new ObjectCodec<LinuxIntelRdt>()
        .Add("closID", JsonScalars.String, x => x.ClosId, (x, v) => x.ClosId = v)
        .Add("schemata", JsonScalars.Strings, x => x.Schemata, (x, v) => x.Schemata = v)
        .Add("l3CacheSchema", JsonScalars.String, x => x.L3CacheSchema, (x, v) => x.L3CacheSchema = v)
        .Add("memBwSchema", JsonScalars.String, x => x.MemBwSchema, (x, v) => x.MemBwSchema = v)
        .Add("enableMonitoring", JsonScalars.Boolean, x => x.EnableMonitoring, (x, v) => x.EnableMonitoring = v);

    /// <summary>Class of service (resctrl group) name.</summary>
    public string? ClosId { get; set; }

    /// <summary>Lines written as is to the schemata file.</summary>
    public List<string>? Schemata { get; set; }

    /// <summary>L3 cache schema, e.g. <c>L3:0=ff</c>.</summary>
    public string? L3CacheSchema { get; set; }

    /// <summary>Memory bandwidth schema, e.g. <c>MB:0=50</c>.</summary>
    public string? MemBwSchema { get; set; }

    /// <summary>Creates a resctrl monitoring group.</summary>
    public bool? EnableMonitoring { get; set; }

    /// <summary>Fields this version does not know, kept so that they survive a load and save.</summary>
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
