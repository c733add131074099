using System.Text.Json;
using Hull.Spec.Json;

namespace Hull.Spec;

/// <summary>The OCI state of a container, as passed to hooks on stdin.</summary>
public sealed class State : IJsonExtensible
{
    public static readonly ObjectCodec<State> Codec = new ObjectCodec<State>()
        .Add("ociVersion", JsonScalars.String, x => x.OciVersion, (x, v) => x.OciVersion = v)
        .Add("id", JsonScalars.String, x => x.Id, (x, v) => x.Id = v)
        .Add("status", JsonScalars.String, x => x.Status, (x, v) => x.Status = v)
        .Add("pid", JsonScalars.Int32, x => x.Pid, (x, v) => x.Pid = v)
        .Add("bundle", JsonScalars.String, x => x.Bundle, (x, v) => x.Bundle = v)
        .Add("annotations", JsonScalars.StringMap, x => x.Annotations, (x, v) => x.Annotations = v);

    /// <summary>Version of the runtime specification.</summary>
    public string? OciVersion { get; set; }

    /// <summary>Container id.</summary>
    public string? Id { get; set; }

    /// <summary>Status; see <see cref="StateStatus"/>.</summary>
    public string? Status { get; set; }

    /// <summary>Pid of the container process on the host.</summary>
    public int? Pid { get; set; }

    /// <summary>Absolute path of the bundle.</summary>
    public string? Bundle { get; set; }

    /// <summary>Annotations of the container.</summary>
    public Dictionary<string, string>? Annotations { get; set; }

    /// <summary>Fields this version does not know, kept so that they survive a load and save.</summary>
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }

    /// <summary>This state as compact JSON, as hooks and seccomp agents receive it.</summary>
    public string ToJson() => SpecJson.WriteText(this, Codec, indented: false);

    /// <summary>Parses a state document.</summary>
    /// <exception cref="SpecException">The text is not a valid state.</exception>
    public static State Parse(string json) => SpecLoader.Parse(json, Codec, "state");
}
