using System.Text.Json;
using Hull.Spec.Json;

namespace Hull.Spec;

/// <summary>cgroup support compiled into the runtime.</summary>
public sealed class CgroupFeatures : IJsonExtensible
{
    public static readonly ObjectCodec<CgroupFeatures> Codec = new ObjectCodec<CgroupFeatures>()
        .Add("v1", JsonScalars.Boolean, x => x.V1, (x, v) => x.V1 = v)
        .Add("v2", JsonScalars.Boolean, x => x.V2, (x, v) => x.V2 = v)
        .Add("systemd", JsonScalars.Boolean, x => x.Systemd, (x, v) => x.Systemd = v)
        .Add("systemdUser", JsonScalars.Boolean, x => x.SystemdUser, (x, v) => x.SystemdUser = v)
        .Add("rdma", JsonScalars.Boolean, x => x.Rdma, (x, v) => x.Rdma = v);

    /// <summary>cgroup v1.</summary>
    public bool? V1 { get; set; }

    /// <summary>cgroup v2.</summary>
    public bool? V2 { get; set; }

    /// <summary>The systemd cgroup driver.</summary>
    public bool? Systemd { get; set; }

    /// <summary>The user-scoped systemd cgroup driver.</summary>
    public bool? SystemdUser { get; set; }

    /// <summary>The rdma controller.</summary>
    public bool? Rdma { get; set; }

    /// <summary>Fields this version does not know, kept so that they survive a load and save.</summary>
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
