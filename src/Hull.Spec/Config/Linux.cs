using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hull.Spec;

/// <summary>Linux-specific container configuration.</summary>
public sealed class Linux
{
    /// <summary>User id mappings of the user namespace.</summary>
    [JsonPropertyName("uidMappings")]
    public List<LinuxIdMapping>? UidMappings { get; set; }

    /// <summary>Group id mappings of the user namespace.</summary>
    [JsonPropertyName("gidMappings")]
    public List<LinuxIdMapping>? GidMappings { get; set; }

    /// <summary>Kernel parameters set in the container.</summary>
    [JsonPropertyName("sysctl")]
    public Dictionary<string, string>? Sysctl { get; set; }

    /// <summary>cgroup resource limits.</summary>
    [JsonPropertyName("resources")]
    public LinuxResources? Resources { get; set; }

    /// <summary>cgroup path, or <c>slice:prefix:name</c> for systemd.</summary>
    [JsonPropertyName("cgroupsPath")]
    public string? CgroupsPath { get; set; }

    /// <summary>Namespaces created or joined.</summary>
    [JsonPropertyName("namespaces")]
    public List<LinuxNamespace>? Namespaces { get; set; }

    /// <summary>Device nodes created in the container.</summary>
    [JsonPropertyName("devices")]
    public List<LinuxDevice>? Devices { get; set; }

    /// <summary>Host network devices moved into the container, by host name.</summary>
    [JsonPropertyName("netDevices")]
    public Dictionary<string, LinuxNetDevice>? NetDevices { get; set; }

    /// <summary>Seccomp filter.</summary>
    [JsonPropertyName("seccomp")]
    public LinuxSeccomp? Seccomp { get; set; }

    /// <summary>Propagation of the root mount, e.g. <c>rprivate</c>.</summary>
    [JsonPropertyName("rootfsPropagation")]
    public string? RootfsPropagation { get; set; }

    /// <summary>Paths masked in the container.</summary>
    [JsonPropertyName("maskedPaths")]
    public List<string>? MaskedPaths { get; set; }

    /// <summary>Paths made read-only in the container.</summary>
    [JsonPropertyName("readonlyPaths")]
    public List<string>? ReadonlyPaths { get; set; }

    /// <summary>SELinux context of the container's mounts.</summary>
    [JsonPropertyName("mountLabel")]
    public string? MountLabel { get; set; }

    /// <summary>Intel RDT (resctrl) settings.</summary>
    [JsonPropertyName("intelRdt")]
    public LinuxIntelRdt? IntelRdt { get; set; }

    /// <summary>NUMA memory policy (<c>set_mempolicy</c>).</summary>
    [JsonPropertyName("memoryPolicy")]
    public LinuxMemoryPolicy? MemoryPolicy { get; set; }

    /// <summary>Execution domain (<c>personality</c>).</summary>
    [JsonPropertyName("personality")]
    public LinuxPersonality? Personality { get; set; }

    /// <summary>Clock offsets of the time namespace, keyed by <c>monotonic</c> or <c>boottime</c>.</summary>
    [JsonPropertyName("timeOffsets")]
    public Dictionary<string, LinuxTimeOffset>? TimeOffsets { get; set; }

    /// <summary>Fields this version does not know, kept so that they survive a load and save.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
