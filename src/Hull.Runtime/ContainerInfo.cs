using System.Text.Json.Serialization;
using Hull.Runtime.State;

namespace Hull.Runtime;

/// <summary>A container as `state` and `list` show it (runc's shape).</summary>
public sealed class ContainerInfo
{
    [JsonPropertyName("ociVersion")]
    public string OciVersion { get; init; } = RuntimeInfo.SpecVersion;

    [JsonPropertyName("id")]
    public required string Id { get; init; }

    [JsonPropertyName("pid")]
    public int Pid { get; init; }

    [JsonPropertyName("status")]
    public required string Status { get; init; }

    [JsonPropertyName("bundle")]
    public required string Bundle { get; init; }

    [JsonPropertyName("rootfs")]
    public required string Rootfs { get; init; }

    [JsonPropertyName("created")]
    public DateTimeOffset Created { get; init; }

    [JsonPropertyName("owner")]
    public string Owner { get; init; } = "";

    [JsonPropertyName("annotations")]
    public Dictionary<string, string>? Annotations { get; init; }

    internal static ContainerInfo From(ContainerRecord record, ContainerStatus status) => new()
    {
        Id = record.Id,
        Pid = status == ContainerStatus.Stopped ? 0 : record.InitPid,
        Status = status.ToText(),
        Bundle = record.Bundle,
        Rootfs = record.Rootfs,
        Created = record.Created,
        Owner = record.Owner,
        Annotations = record.Annotations,
    };
}

[JsonSourceGenerationOptions(WriteIndented = true, IndentSize = 2, GenerationMode = JsonSourceGenerationMode.Serialization)]
[JsonSerializable(typeof(ContainerInfo))]
[JsonSerializable(typeof(List<ContainerInfo>))]
public sealed partial class InfoJsonContext : JsonSerializerContext;

[JsonSourceGenerationOptions(WriteIndented = false, GenerationMode = JsonSourceGenerationMode.Serialization)]
[JsonSerializable(typeof(List<ContainerInfo>))]
public sealed partial class CompactInfoJsonContext : JsonSerializerContext;
