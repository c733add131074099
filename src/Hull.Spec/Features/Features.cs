using System.Text.Json;
using Hull.Spec.Json;

namespace Hull.Spec;

/// <summary>What the runtime supports, as printed by <c>features</c>.</summary>
public sealed class Features : IJsonExtensible
{
    public static readonly ObjectCodec<Features> Codec = new ObjectCodec<Features>()
        .Add("ociVersionMin", JsonScalars.String, x => x.OciVersionMin, (x, v) => x.OciVersionMin = v)
        .Add("ociVersionMax", JsonScalars.String, x => x.OciVersionMax, (x, v) => x.OciVersionMax = v)
        .Add("hooks", JsonScalars.Strings, x => x.Hooks, (x, v) => x.Hooks = v)
        .Add("mountOptions", JsonScalars.Strings, x => x.MountOptions, (x, v) => x.MountOptions = v)
        .Add("linux", LinuxFeatures.Codec, x => x.Linux, (x, v) => x.Linux = v)
        .Add("annotations", JsonScalars.StringMap, x => x.Annotations, (x, v) => x.Annotations = v)
        .Add("potentiallyUnsafeConfigAnnotations", JsonScalars.Strings, x => x.PotentiallyUnsafeConfigAnnotations, (x, v) => x.PotentiallyUnsafeConfigAnnotations = v);

    /// <summary>Oldest specification version accepted.</summary>
    public string? OciVersionMin { get; set; }

    /// <summary>Newest specification version accepted.</summary>
    public string? OciVersionMax { get; set; }

    /// <summary>Hook names recognized.</summary>
    public List<string>? Hooks { get; set; }

    /// <summary>Mount options recognized.</summary>
    public List<string>? MountOptions { get; set; }

    /// <summary>Linux-specific features.</summary>
    public LinuxFeatures? Linux { get; set; }

    /// <summary>Implementation-specific information.</summary>
    public Dictionary<string, string>? Annotations { get; set; }

    /// <summary>Annotations (or prefixes ending in a dot) that may change behaviour.</summary>
    public List<string>? PotentiallyUnsafeConfigAnnotations { get; set; }

    /// <summary>Fields this version does not know, kept so that they survive a load and save.</summary>
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }

    /// <summary>These features as JSON indented with tabs, as `features` prints them.</summary>
    public string ToJson() => SpecJson.WriteText(this, Codec);

    /// <summary>Parses a features document.</summary>
    /// <exception cref="SpecException">The text is not a valid features document.</exception>
    public static Features Parse(string json) => SpecLoader.Parse(json, Codec, "features");
}
