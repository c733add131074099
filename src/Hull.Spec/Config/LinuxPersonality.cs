using System.Text.Json;
using Hull.Spec.Json;

namespace Hull.Spec;

/// <summary>The execution domain of a container (<c>personality</c>).</summary>
public sealed class LinuxPersonality : IJsonExtensible
{
    public static readonly ObjectCodec<LinuxPersonality> Codec = new ObjectCodec<LinuxPersonality>()
        .Add("domain", JsonScalars.String, x => x.Domain, (x, v) => x.Domain = v)
        .Add("flags", JsonScalars.Strings, x => x.Flags, (x, v) => x.Flags = v);

    /// <summary>Domain: <c>LINUX</c> or <c>LINUX32</c>.</summary>
    public string? Domain { get; set; }

    /// <summary>Additional flags.</summary>
    public List<string>? Flags { get; set; }

    /// <summary>Fields this version does not know, kept so that they survive a load and save.</summary>
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
