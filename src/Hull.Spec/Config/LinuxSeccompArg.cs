using System.Text.Json;
using Hull.Spec.Json;

namespace Hull.Spec;

/// <summary>A seccomp condition on one syscall argument.</summary>
public sealed class LinuxSeccompArg : IJsonExtensible
{
    public static readonly ObjectCodec<LinuxSeccompArg> Codec = new ObjectCodec<LinuxSeccompArg>()
        .Add("index", JsonScalars.UInt32, x => x.Index, (x, v) => x.Index = v)
        .Add("value", JsonScalars.UInt64, x => x.Value, (x, v) => x.Value = v)
        .Add("valueTwo", JsonScalars.UInt64, x => x.ValueTwo, (x, v) => x.ValueTwo = v)
        .Add("op", JsonScalars.String, x => x.Op, (x, v) => x.Op = v);

    /// <summary>Argument index (0-5).</summary>
    public uint? Index { get; set; }

    /// <summary>Value compared with.</summary>
    public ulong? Value { get; set; }

    /// <summary>Second value, for SCMP_CMP_MASKED_EQ.</summary>
    public ulong? ValueTwo { get; set; }

    /// <summary>Operator, e.g. <c>SCMP_CMP_EQ</c>.</summary>
    public string? Op { get; set; }

    /// <summary>Fields this version does not know, kept so that they survive a load and save.</summary>
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
