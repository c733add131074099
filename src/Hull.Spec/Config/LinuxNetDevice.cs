using System.Text.Json;
using Hull.Spec.Json;

namespace Hull.Spec;

/// <summary>A network device moved into the container's network namespace.</summary>
public sealed class LinuxNetDevice : IJsonExtensible
{
    public static readonly ObjectCodec<LinuxNetDevice> Codec = new ObjectCodec<LinuxNetDevice>()
        .Add("name", JsonScalars.String, x => x.Name, (x, v) => x.Name = v);

    /// <summary>Name in the container; the host name when empty.</summary>
    public string? Name { get; set; }

    /// <summary>Fields this version does not know, kept so that they survive a load and save.</summary>
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
