using System.Text.Json;
using Hull.Spec.Json;

namespace Hull.Spec;

/// <summary>Process count limit of a cgroup.</summary>
public sealed class LinuxPids : IJsonExtensible
{
    public static readonly ObjectCodec<LinuxPids> Codec = new ObjectCodec<LinuxPids>()
        .Add("limit", JsonScalars.Int64, x => x.Limit, (x, v) => x.Limit = v);

    /// <summary>Maximum number of processes (0 or -1 means unlimited).</summary>
    public long? Limit { get; set; }

    /// <summary>Fields this version does not know, kept so that they survive a load and save.</summary>
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
