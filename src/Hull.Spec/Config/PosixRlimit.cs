using System.Text.Json;
using Hull.Spec.Json;

namespace Hull.Spec;

/// <summary>A resource limit (<c>setrlimit</c>) of a process.</summary>
public sealed class PosixRlimit : IJsonExtensible
{
    public static readonly ObjectCodec<PosixRlimit> Codec = new ObjectCodec<PosixRlimit>()
        .Add("type", JsonScalars.String, x => x.Type, (x, v) => x.Type = v)
        .Add("hard", JsonScalars.UInt64, x => x.Hard, (x, v) => x.Hard = v)
        .Add("soft", JsonScalars.UInt64, x => x.Soft, (x, v) => x.Soft = v);

    /// <summary>Limit name, e.g. <c>RLIMIT_NOFILE</c>.</summary>
    public string? Type { get; set; }

    /// <summary>Hard limit.</summary>
    public ulong? Hard { get; set; }

    /// <summary>Soft limit.</summary>
    public ulong? Soft { get; set; }

    /// <summary>Fields this version does not know, kept so that they survive a load and save.</summary>
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
