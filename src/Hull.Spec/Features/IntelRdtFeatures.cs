using System.Text.Json;
using Hull.Spec.Json;

namespace Hull.Spec;

/// <summary>Intel RDT support of the runtime.</summary>
public sealed class IntelRdtFeatures : IJsonExtensible
{
    public static readonly ObjectCodec<IntelRdtFeatures> Codec = new ObjectCodec<IntelRdtFeatures>()
        .Add("enabled", JsonScalars.Boolean, x => x.Enabled, (x, v) => x.Enabled = v)
        .Add("schemata", JsonScalars.Boolean, x => x.Schemata, (x, v) => x.Schemata = v)
        .Add("monitoring", JsonScalars.Boolean, x => x.Monitoring, (x, v) => x.Monitoring = v);

    /// <summary>Whether support is compiled in.</summary>
    public bool? Enabled { get; set; }

    /// <summary>Whether <c>linux.intelRdt.schemata</c> is implemented.</summary>
    public bool? Schemata { get; set; }

    /// <summary>Whether <c>linux.intelRdt.enableMonitoring</c> is implemented.</summary>
    public bool? Monitoring { get; set; }

    /// <summary>Fields this version does not know, kept so that they survive a load and save.</summary>
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
