using System.Text.Json;
using Hull.Spec.Json;

namespace Hull.Spec;

/// <summary>A namespace created, or joined when <see cref="Path"/> is set.</summary>
public sealed class LinuxNamespace : IJsonExtensible
{
    public static readonly ObjectCodec<LinuxNamespace> Codec = new ObjectCodec<LinuxNamespace>()
        .Add("type", JsonScalars.String, x => x.Type, (x, v) => x.Type = v)
        .Add("path", JsonScalars.String, x => x.Path, (x, v) => x.Path = v);

    /// <summary>Namespace type; see <see cref="NamespaceTypes"/>.</summary>
    public string? Type { get; set; }

    /// <summary>Namespace file to join, e.g. <c>/proc/1234/ns/net</c>.</summary>
    public string? Path { get; set; }

    /// <summary>Fields this version does not know, kept so that they survive a load and save.</summary>
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
