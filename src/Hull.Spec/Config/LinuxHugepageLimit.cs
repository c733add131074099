using System.Text.Json;
using Hull.Spec.Json;

namespace Hull.Spec;

/// <summary>The hugetlb limit of one page size.</summary>
public sealed class LinuxHugepageLimit : IJsonExtensible
{
    public static readonly ObjectCodec<LinuxHugepageLimit> Codec = new ObjectCodec<LinuxHugepageLimit>()
        .Add("pageSize", JsonScalars.String, x => x.PageSize, (x, v) => x.PageSize = v)
        .Add("limit", JsonScalars.UInt64, x => x.Limit, (x, v) => x.Limit = v);

    /// <summary>Page size, e.g. <c>2MB</c>.</summary>
    public string? PageSize { get; set; }

    /// <summary>Limit in bytes.</summary>
    public ulong? Limit { get; set; }

    /// <summary>Fields this version does not know, kept so that they survive a load and save.</summary>
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
