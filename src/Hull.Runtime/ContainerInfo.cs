using System.Text.Json;
using Hull.Runtime.Store;
using Hull.Spec.Json;

namespace Hull.Runtime;

/// <summary>A container as `state` and `list` show it (runc's shape).</summary>
public sealed class ContainerInfo
{
    public static readonly ObjectCodec<ContainerInfo> Codec = new ObjectCodec<ContainerInfo>()
        .Add("ociVersion", JsonScalars.String, x => x.OciVersion, (x, v) => x.OciVersion = v ?? "")
        .Add("id", JsonScalars.String, x => x.Id, (x, v) => x.Id = v ?? "")
        .Add("pid", JsonScalars.Int32, x => x.Pid, (x, v) => x.Pid = v ?? 0)
        .Add("status", JsonScalars.String, x => x.Status, (x, v) => x.Status = v ?? "")
        .Add("bundle", JsonScalars.String, x => x.Bundle, (x, v) => x.Bundle = v ?? "")
        .Add("rootfs", JsonScalars.String, x => x.Rootfs, (x, v) => x.Rootfs = v ?? "")
        .Add("created", GoTime.Codec, x => x.Created, (x, v) => x.Created = v ?? default)
        // Go's omitempty: no annotations, no key.
        .Add("annotations", JsonScalars.StringMap, x => x.Annotations is { Count: > 0 } ? x.Annotations : null, (x, v) => x.Annotations = v)
        .Add("owner", JsonScalars.String, x => x.Owner, (x, v) => x.Owner = v ?? "");

    private static readonly ListCodec<ContainerInfo> ListCodec = new(Codec);

    private static readonly JsonWriterOptions Indented = new() { Indented = true, IndentSize = 2, Encoder = JsonEscaper.Instance };

    public string OciVersion { get; set; } = RuntimeInfo.SpecVersion;

    public string Id { get; set; } = "";

    public int Pid { get; set; }

    public string Status { get; set; } = "";

    public string Bundle { get; set; } = "";

    public string Rootfs { get; set; } = "";

    public DateTimeOffset Created { get; set; }

    public string Owner { get; set; } = "";

    public Dictionary<string, string>? Annotations { get; set; }

    /// <summary>What `state` prints: the object indented by two spaces, without a line break at the end, as runc prints it.</summary>
    public string ToJson() => System.Text.Encoding.UTF8.GetString(SpecJson.Write(this, Codec, Indented));

    /// <summary>What `list --format json` prints: the containers as one compact array, "null" for none (Go's nil slice).</summary>
    public static string ToJson(IReadOnlyCollection<ContainerInfo> containers) =>
        containers.Count == 0 ? "null" : SpecJson.WriteText([.. containers], ListCodec, indented: false);

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
