using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hull.Spec;

/// <summary>The hugetlb limit of one page size.</summary>
public sealed class LinuxHugepageLimit
{
    /// <summary>Page size, e.g. <c>2MB</c>.</summary>
    [JsonPropertyName("pageSize")]
    public string? PageSize { get; set; }

    /// <summary>Limit in bytes.</summary>
    [JsonPropertyName("limit")]
    public ulong? Limit { get; set; }

    /// <summary>Fields this version does not know, kept so that they survive a load and save.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
