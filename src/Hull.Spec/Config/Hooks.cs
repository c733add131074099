using System.Text.Json;
using Hull.Spec.Json;

namespace Hull.Spec;

/// <summary>The lifecycle hooks of a container.</summary>
public sealed class Hooks : IJsonExtensible
{
    /// <summary>One list of hooks.</summary>
    public static readonly ListCodec<Hook> HookListCodec = new(Hook.Codec);

    public static readonly ObjectCodec<Hooks> Codec = new ObjectCodec<Hooks>()
        .Add("prestart", HookListCodec, x => x.Prestart, (x, v) => x.Prestart = v)
        .Add("createRuntime", HookListCodec, x => x.CreateRuntime, (x, v) => x.CreateRuntime = v)
        .Add("createContainer", HookListCodec, x => x.CreateContainer, (x, v) => x.CreateContainer = v)
        .Add("startContainer", HookListCodec, x => x.StartContainer, (x, v) => x.StartContainer = v)
        .Add("poststart", HookListCodec, x => x.Poststart, (x, v) => x.Poststart = v)
        .Add("poststop", HookListCodec, x => x.Poststop, (x, v) => x.Poststop = v);

    /// <summary>Deprecated: run in the runtime namespace after create, before pivot_root.</summary>
    public List<Hook>? Prestart { get; set; }

    /// <summary>Run in the runtime namespace after the container is created.</summary>
    public List<Hook>? CreateRuntime { get; set; }

    /// <summary>Run in the container namespace before pivot_root.</summary>
    public List<Hook>? CreateContainer { get; set; }

    /// <summary>Run in the container before the user process starts.</summary>
    public List<Hook>? StartContainer { get; set; }

    /// <summary>Run in the runtime namespace after the user process starts.</summary>
    public List<Hook>? Poststart { get; set; }

    /// <summary>Run in the runtime namespace after the container is deleted.</summary>
    public List<Hook>? Poststop { get; set; }

    /// <summary>Fields this version does not know, kept so that they survive a load and save.</summary>
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
