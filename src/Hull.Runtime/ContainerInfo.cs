using System.Text.Json;
using Hull.Runtime.Store;

namespace Hull.Runtime;

/// <summary>A container as `state` and `list` show it (runc's shape).</summary>
public sealed class ContainerInfo
{
    public string OciVersion { get; init; } = RuntimeInfo.SpecVersion;

    public required string Id { get; init; }

    public int Pid { get; init; }

    public required string Status { get; init; }

    public required string Bundle { get; init; }

    public required string Rootfs { get; init; }

    public DateTimeOffset Created { get; init; }

    public string Owner { get; init; } = "";

    public Dictionary<string, string>? Annotations { get; init; }

    private static readonly JsonWriterOptions Indented = new() { Indented = true, IndentSize = 2, Encoder = Hull.Spec.Json.JsonEscaper.Instance };

    /// <summary>What `state` prints: the object indented by two spaces, without a line break at the end, as runc prints it.</summary>
    public string ToJson() => Write(Indented, WriteTo);

    /// <summary>What `list --format json` prints: the containers as one compact array, "null" for none (Go's nil slice).</summary>
    public static string ToJson(IReadOnlyCollection<ContainerInfo> containers) =>
        containers.Count == 0 ? "null" : Write(Hull.Spec.Json.JsonEscaper.CompactWriterOptions, json =>
        {
            json.WriteStartArray();
            foreach (var container in containers)
                container.WriteTo(json);
            json.WriteEndArray();
        });

    // By hand, like the runtime's other JSON (see JsonParts): a serializer context costs its metadata set-up in
    // every `state`, which engines call often.
    private void WriteTo(Utf8JsonWriter json)
    {
        json.WriteStartObject();
        json.WriteString("ociVersion", OciVersion);
        json.WriteString("id", Id);
        json.WriteNumber("pid", Pid);
        json.WriteString("status", Status);
        json.WriteString("bundle", Bundle);
        json.WriteString("rootfs", Rootfs);
        json.WriteString("created", GoTime.Rfc3339Nano(Created));
        if (Annotations is { Count: > 0 })
            JsonParts.WriteMap(json, "annotations", Annotations);
        json.WriteString("owner", Owner);
        json.WriteEndObject();
    }

    private static string Write(JsonWriterOptions options, Action<Utf8JsonWriter> write) =>
        System.Text.Encoding.UTF8.GetString(JsonParts.Write(options, write));

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
