using System.Text.Json;
using Hull.Cgroups;
using static Hull.Runtime.JsonParts;
using Hull.Spec;

namespace Hull.Runtime.Store;

/// <summary>state.json, read and written by hand (see <see cref="JsonParts"/>): every command but `spec` and `features` reads it.</summary>
internal static class ContainerRecordJson
{
    public static byte[] Write(ContainerRecord record) =>
        WriteObject(json =>
        {
            json.WriteString("id", record.Id);
            json.WriteString("bundle", record.Bundle);
            json.WriteString("rootfs", record.Rootfs);
            json.WriteNumber("init_pid", record.InitPid);
            json.WriteNumber("init_start_time", record.InitStartTime);
            json.WriteString("created", record.Created);
            json.WriteString("owner", record.Owner);
            if (record.Annotations is { } annotations)
                WriteMap(json, "annotations", annotations);
            WriteCgroup(json, record.Cgroup);
            json.WriteBoolean("systemd_cgroup", record.SystemdCgroup);
            json.WriteBoolean("rootless", record.Rootless);
            WriteHooks(json, "poststart", record.Poststart);
            WriteHooks(json, "poststop", record.Poststop);
        });

    /// <exception cref="JsonException">The text is not a record.</exception>
    public static ContainerRecord Read(ReadOnlyMemory<byte> utf8)
    {
        string? id = null, bundle = null, rootfs = null, owner = null;
        int initPid = 0;
        ulong initStartTime = 0;
        DateTimeOffset created = default;
        Dictionary<string, string>? annotations = null;
        var cgroup = new CgroupState();
        bool systemdCgroup = false, rootless = false;
        List<Hook>? poststart = null, poststop = null;
        ReadDocument(utf8.Span, (string name, ref Utf8JsonReader value) =>
        {
            switch (name)
            {
                case "id": id = String(ref value); break;
                case "bundle": bundle = String(ref value); break;
                case "rootfs": rootfs = String(ref value); break;
                case "init_pid": initPid = value.GetInt32(); break;
                case "init_start_time": initStartTime = value.GetUInt64(); break;
                case "created": created = value.GetDateTimeOffset(); break;
                case "owner": owner = String(ref value); break;
                case "annotations": annotations = ReadMap(ref value); break;
                case "cgroup": cgroup = ReadCgroup(ref value); break;
                case "systemd_cgroup": systemdCgroup = Boolean(ref value); break;
                case "rootless": rootless = Boolean(ref value); break;
                case "poststart": poststart = ReadHooks(utf8.Span, ref value); break;
                case "poststop": poststop = ReadHooks(utf8.Span, ref value); break;
            }
        });
        return new ContainerRecord
        {
            Id = Required(id, "id"),
            Bundle = Required(bundle, "bundle"),
            Rootfs = Required(rootfs, "rootfs"),
            InitPid = initPid,
            InitStartTime = initStartTime,
            Created = created,
            Owner = owner ?? "",
            Annotations = annotations,
            Cgroup = cgroup,
            SystemdCgroup = systemdCgroup,
            Rootless = rootless,
            Poststart = poststart,
            Poststop = poststop,
        };
    }

    private static void WriteCgroup(Utf8JsonWriter json, CgroupState cgroup)
    {
        json.WriteStartObject("cgroup");
        json.WriteString("driver", cgroup.Driver);
        json.WriteString("layout", cgroup.Layout);
        WriteMap(json, "paths", cgroup.Paths);
        if (cgroup.UnifiedMount is not null)
            json.WriteString("unifiedMount", cgroup.UnifiedMount);
        if (cgroup.UnifiedControllers is not null)
            WriteList(json, "unifiedControllers", cgroup.UnifiedControllers);
        if (cgroup.Slice is not null)
            json.WriteString("slice", cgroup.Slice);
        if (cgroup.Unit is not null)
            json.WriteString("unit", cgroup.Unit);
        json.WriteEndObject();
    }

    private static CgroupState ReadCgroup(ref Utf8JsonReader reader)
    {
        string? driver = null, layout = null, unifiedMount = null, slice = null, unit = null;
        Dictionary<string, string> paths = [];
        List<string>? unifiedControllers = null;
        ReadObject(ref reader, (string name, ref Utf8JsonReader value) =>
        {
            switch (name)
            {
                case "driver": driver = String(ref value); break;
                case "layout": layout = String(ref value); break;
                case "paths": paths = ReadMap(ref value); break;
                case "unifiedMount": unifiedMount = String(ref value); break;
                case "unifiedControllers": unifiedControllers = ReadList(ref value, (ref Utf8JsonReader item) => String(ref item) ?? ""); break;
                case "slice": slice = String(ref value); break;
                case "unit": unit = String(ref value); break;
            }
        });
        return new CgroupState
        {
            Driver = driver ?? CgroupDrivers.Cgroupfs,
            Layout = layout ?? "v1",
            Paths = paths,
            UnifiedMount = unifiedMount,
            UnifiedControllers = unifiedControllers,
            Slice = slice,
            Unit = unit,
        };
    }

    /// <summary>The hooks, as the spec writes them (see <see cref="SpecLoader.SerializeHooks"/>).</summary>
    private static void WriteHooks(Utf8JsonWriter json, string name, List<Hook>? hooks)
    {
        if (hooks is null)
            return;
        json.WritePropertyName(name);
        json.WriteRawValue(SpecLoader.SerializeHooks(hooks), skipInputValidation: true);
    }

    /// <summary>A list of hooks, parsed by the spec's own codec from its text in <paramref name="document"/>.</summary>
    /// <exception cref="JsonException">The list is not one of hooks.</exception>
    private static List<Hook> ReadHooks(ReadOnlySpan<byte> document, ref Utf8JsonReader reader)
    {
        int start = (int)reader.TokenStartIndex;
        reader.Skip();
        try
        {
            return SpecLoader.ParseHooks(document[start..(int)reader.BytesConsumed], "state.json hooks");
        }
        catch (SpecException e)
        {
            throw new JsonException(e.Message, e);
        }
    }
}
