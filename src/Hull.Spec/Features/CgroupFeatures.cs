using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hull.Spec;

/// <summary>cgroup support compiled into the runtime.</summary>
public sealed class CgroupFeatures
{
    /// <summary>cgroup v1.</summary>
    [JsonPropertyName("v1")]
    public bool? V1 { get; set; }

    /// <summary>cgroup v2.</summary>
    [JsonPropertyName("v2")]
    public bool? V2 { get; set; }

    /// <summary>The systemd cgroup driver.</summary>
    [JsonPropertyName("systemd")]
    public bool? Systemd { get; set; }

    /// <summary>The user-scoped systemd cgroup driver.</summary>
    [JsonPropertyName("systemdUser")]
    public bool? SystemdUser { get; set; }

    /// <summary>The rdma controller.</summary>
    [JsonPropertyName("rdma")]
    public bool? Rdma { get; set; }

    /// <summary>Fields this version does not know, kept so that they survive a load and save.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
