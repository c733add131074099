using System.Text.Json;
using Hull.Cgroups;
using static Hull.Runtime.JsonParts;

namespace Hull.Runtime.State;

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
        using var document = JsonDocument.Parse(utf8);
        var root = document.RootElement;
        return new ContainerRecord
        {
            Id = RequiredString(root, "id"),
            Bundle = RequiredString(root, "bundle"),
            Rootfs = RequiredString(root, "rootfs"),
            InitPid = root.TryGetProperty("init_pid", out var pid) ? pid.GetInt32() : 0,
            InitStartTime = root.TryGetProperty("init_start_time", out var start) ? start.GetUInt64() : 0,
            Created = root.TryGetProperty("created", out var created) ? created.GetDateTimeOffset() : default,
            Owner = OptionalString(root, "owner") ?? "",
            Annotations = root.TryGetProperty("annotations", out var annotations) ? ReadMap(annotations) : null,
            Cgroup = root.TryGetProperty("cgroup", out var cgroup) ? ReadCgroup(cgroup) : new CgroupState(),
            SystemdCgroup = Boolean(root, "systemd_cgroup"),
            Rootless = Boolean(root, "rootless"),
            Poststart = root.TryGetProperty("poststart", out var poststart) ? ReadHooks(poststart) : null,
            Poststop = root.TryGetProperty("poststop", out var poststop) ? ReadHooks(poststop) : null,
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

    private static CgroupState ReadCgroup(JsonElement cgroup) => new()
    {
        Driver = OptionalString(cgroup, "driver") ?? CgroupDrivers.Cgroupfs,
        Layout = OptionalString(cgroup, "layout") ?? "v1",
        Paths = cgroup.TryGetProperty("paths", out var paths) ? ReadMap(paths) : [],
        UnifiedMount = OptionalString(cgroup, "unifiedMount"),
        UnifiedControllers = cgroup.TryGetProperty("unifiedControllers", out var controllers) ? ReadList(controllers) : null,
        Slice = OptionalString(cgroup, "slice"),
        Unit = OptionalString(cgroup, "unit"),
    };

    /// <summary>The hooks, as the spec writes them (see <see cref="Hull.Spec.SpecLoader.SerializeHooks"/>).</summary>
    private static void WriteHooks(Utf8JsonWriter json, string name, List<Hull.Spec.Hook>? hooks)
    {
        if (hooks is null)
            return;
        json.WritePropertyName(name);
        json.WriteRawValue(Hull.Spec.SpecLoader.SerializeHooks(hooks), skipInputValidation: true);
    }

    /// <exception cref="JsonException">The list is not one of hooks.</exception>
    private static List<Hull.Spec.Hook> ReadHooks(JsonElement hooks)
    {
        try
        {
            return Hull.Spec.SpecLoader.ParseHooks(System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(hooks), "state.json hooks");
        }
        catch (Hull.Spec.SpecException e)
        {
            throw new JsonException(e.Message, e);
        }
    }
}
