using System.Text.Json;
using Hull.Spec.Json;

namespace Hull.Spec;

/// <summary>Seccomp support of the runtime.</summary>
public sealed class SeccompFeatures : IJsonExtensible
{
    public static readonly ObjectCodec<SeccompFeatures> Codec = new ObjectCodec<SeccompFeatures>()
        .Add("enabled", JsonScalars.Boolean, x => x.Enabled, (x, v) => x.Enabled = v)
        .Add("actions", JsonScalars.Strings, x => x.Actions, (x, v) => x.Actions = v)
        .Add("operators", JsonScalars.Strings, x => x.Operators, (x, v) => x.Operators = v)
        .Add("archs", JsonScalars.Strings, x => x.Archs, (x, v) => x.Archs = v)
        .Add("knownFlags", JsonScalars.Strings, x => x.KnownFlags, (x, v) => x.KnownFlags = v)
        .Add("supportedFlags", JsonScalars.Strings, x => x.SupportedFlags, (x, v) => x.SupportedFlags = v);

    /// <summary>Whether seccomp support is compiled in.</summary>
    public bool? Enabled { get; set; }

    /// <summary>Actions recognized.</summary>
    public List<string>? Actions { get; set; }

    /// <summary>Operators recognized.</summary>
    public List<string>? Operators { get; set; }

    /// <summary>Architectures recognized.</summary>
    public List<string>? Archs { get; set; }

    /// <summary>Filter flags recognized.</summary>
    public List<string>? KnownFlags { get; set; }

    /// <summary>Filter flags supported by this kernel and libseccomp.</summary>
    public List<string>? SupportedFlags { get; set; }

    /// <summary>Fields this version does not know, kept so that they survive a load and save.</summary>
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
