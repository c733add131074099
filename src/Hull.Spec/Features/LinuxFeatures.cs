using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hull.Spec;

/// <summary>Linux-specific features of the runtime.</summary>
public sealed class LinuxFeatures
{
    /// <summary>Namespace types recognized.</summary>
    [JsonPropertyName("namespaces")]
    public List<string>? Namespaces { get; set; }

    /// <summary>Capabilities recognized.</summary>
    [JsonPropertyName("capabilities")]
    public List<string>? Capabilities { get; set; }

    /// <summary>cgroup support.</summary>
    [JsonPropertyName("cgroup")]
    public CgroupFeatures? Cgroup { get; set; }

    /// <summary>Seccomp support.</summary>
    [JsonPropertyName("seccomp")]
    public SeccompFeatures? Seccomp { get; set; }

    /// <summary>AppArmor support.</summary>
    [JsonPropertyName("apparmor")]
    public EnabledFeature? Apparmor { get; set; }

    /// <summary>SELinux support.</summary>
    [JsonPropertyName("selinux")]
    public EnabledFeature? Selinux { get; set; }

    /// <summary>Intel RDT support.</summary>
    [JsonPropertyName("intelRdt")]
    public IntelRdtFeatures? IntelRdt { get; set; }

    /// <summary>Memory policy support.</summary>
    [JsonPropertyName("memoryPolicy")]
    public MemoryPolicyFeatures? MemoryPolicy { get; set; }

    /// <summary>Mount extensions support.</summary>
    [JsonPropertyName("mountExtensions")]
    public MountExtensionsFeatures? MountExtensions { get; set; }

    /// <summary>Network device support.</summary>
    [JsonPropertyName("netDevices")]
    public EnabledFeature? NetDevices { get; set; }

    /// <summary>Fields this version does not know, kept so that they survive a load and save.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
