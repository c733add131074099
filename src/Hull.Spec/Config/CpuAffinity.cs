using System.Text.Json;
using Hull.Spec.Json;

namespace Hull.Spec;

/// <summary>CPU affinity of processes started by exec.</summary>
public sealed class CpuAffinity : IJsonExtensible
{
    public static readonly ObjectCodec<CpuAffinity> Codec = new ObjectCodec<CpuAffinity>()
        .Add("initial", JsonScalars.String, x => x.Initial, (x, v) => x.Initial = v)
        .Add("final", JsonScalars.String, x => x.Final, (x, v) => x.Final = v);

    /// <summary>CPU list set before joining the container's cgroup.</summary>
    public string? Initial { get; set; }

    /// <summary>CPU list set after joining the container's cgroup.</summary>
    public string? Final { get; set; }

    /// <summary>Fields this version does not know, kept so that they survive a load and save.</summary>
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
