using System.Text.Json;
using Hull.Spec.Json;

namespace Hull.Spec;

/// <summary>A command run at a point of the container lifecycle.</summary>
public sealed class Hook : IJsonExtensible
{
    public static readonly ObjectCodec<Hook> Codec = new ObjectCodec<Hook>()
        .Add("path", JsonScalars.String, x => x.Path, (x, v) => x.Path = v)
        .Add("args", JsonScalars.Strings, x => x.Args, (x, v) => x.Args = v)
        .Add("env", JsonScalars.Strings, x => x.Env, (x, v) => x.Env = v)
        .Add("timeout", JsonScalars.Int32, x => x.Timeout, (x, v) => x.Timeout = v);

    /// <summary>Absolute path of the executable.</summary>
    public string? Path { get; set; }

    /// <summary>Arguments, including <c>argv[0]</c>.</summary>
    public List<string>? Args { get; set; }

    /// <summary>Environment in <c>KEY=value</c> form.</summary>
    public List<string>? Env { get; set; }

    /// <summary>Seconds after which the hook is aborted.</summary>
    public int? Timeout { get; set; }

    /// <summary>Fields this version does not know, kept so that they survive a load and save.</summary>
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
