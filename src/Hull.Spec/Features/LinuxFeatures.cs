using System.Text.Json;
using Hull.Spec.Json;

namespace Hull.Spec;

/// <summary>Linux-specific features of the runtime.</summary>
public sealed class LinuxFeatures : IJsonExtensible
{
    public static readonly ObjectCodec<LinuxFeatures> Codec = new ObjectCodec<LinuxFeatures>()
        .Add("namespaces", JsonScalars.Strings, x => x.Namespaces, (x, v) => x.Namespaces = v)
        .Add("capabilities", JsonScalars.Strings, x => x.Capabilities, (x, v) => x.Capabilities = v)
        .Add("cgroup", CgroupFeatures.Codec, x => x.Cgroup, (x, v) => x.Cgroup = v)
        .Add("seccomp", SeccompFeatures.Codec, x => x.Seccomp, (x, v) => x.Seccomp = v)
        .Add("apparmor", EnabledFeature.Codec, x => x.Apparmor, (x, v) => x.Apparmor = v)
        .Add("selinux", EnabledFeature.Codec, x => x.Selinux, (x, v) => x.Selinux = v)
        .Add("intelRdt", IntelRdtFeatures.Codec, x => x.IntelRdt, (x, v) => x.IntelRdt = v)
        .Add("memoryPolicy", MemoryPolicyFeatures.Codec, x => x.MemoryPolicy, (x, v) => x.MemoryPolicy = v)
        .Add("mountExtensions", MountExtensionsFeatures.Codec, x => x.MountExtensions, (x, v) => x.MountExtensions = v)
        .Add("netDevices", EnabledFeature.Codec, x => x.NetDevices, (x, v) => x.NetDevices = v);

    /// <summary>Namespace types recognized.</summary>
    public List<string>? Namespaces { get; set; }

    /// <summary>Capabilities recognized.</summary>
    public List<string>? Capabilities { get; set; }

    /// <summary>cgroup support.</summary>
    public CgroupFeatures? Cgroup { get; set; }

    /// <summary>Seccomp support.</summary>
    public SeccompFeatures? Seccomp { get; set; }

    /// <summary>AppArmor support.</summary>
    public EnabledFeature? Apparmor { get; set; }

    /// <summary>SELinux support.</summary>
    public EnabledFeature? Selinux { get; set; }

    /// <summary>Intel RDT support.</summary>
    public IntelRdtFeatures? IntelRdt { get; set; }

    /// <summary>Memory policy support.</summary>
    public MemoryPolicyFeatures? MemoryPolicy { get; set; }

    /// <summary>Mount extensions support.</summary>
    public MountExtensionsFeatures? MountExtensions { get; set; }

    /// <summary>Network device support.</summary>
    public EnabledFeature? NetDevices { get; set; }

    /// <summary>Fields this version does not know, kept so that they survive a load and save.</summary>
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
