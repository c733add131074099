using System.Text.Json;
using Hull.Spec.Json;

namespace Hull.Spec;

/// <summary>Linux-specific container configuration.</summary>
public sealed class Linux : IJsonExtensible
{
    public static readonly ObjectCodec<Linux> Codec = new ObjectCodec<Linux>()
        .Add("uidMappings", new ListCodec<LinuxIdMapping>(LinuxIdMapping.Codec), x => x.UidMappings, (x, v) => x.UidMappings = v)
        .Add("gidMappings", new ListCodec<LinuxIdMapping>(LinuxIdMapping.Codec), x => x.GidMappings, (x, v) => x.GidMappings = v)
        .Add("sysctl", JsonScalars.StringMap, x => x.Sysctl, (x, v) => x.Sysctl = v)
        .Add("resources", LinuxResources.Codec, x => x.Resources, (x, v) => x.Resources = v)
        .Add("cgroupsPath", JsonScalars.String, x => x.CgroupsPath, (x, v) => x.CgroupsPath = v)
        .Add("namespaces", new ListCodec<LinuxNamespace>(LinuxNamespace.Codec), x => x.Namespaces, (x, v) => x.Namespaces = v)
        .Add("devices", new ListCodec<LinuxDevice>(LinuxDevice.Codec), x => x.Devices, (x, v) => x.Devices = v)
        .Add("netDevices", new MapCodec<LinuxNetDevice>(LinuxNetDevice.Codec), x => x.NetDevices, (x, v) => x.NetDevices = v)
        .Add("seccomp", LinuxSeccomp.Codec, x => x.Seccomp, (x, v) => x.Seccomp = v)
        .Add("rootfsPropagation", JsonScalars.String, x => x.RootfsPropagation, (x, v) => x.RootfsPropagation = v)
        .Add("maskedPaths", JsonScalars.Strings, x => x.MaskedPaths, (x, v) => x.MaskedPaths = v)
        .Add("readonlyPaths", JsonScalars.Strings, x => x.ReadonlyPaths, (x, v) => x.ReadonlyPaths = v)
        .Add("mountLabel", JsonScalars.String, x => x.MountLabel, (x, v) => x.MountLabel = v)
        .Add("intelRdt", LinuxIntelRdt.Codec, x => x.IntelRdt, (x, v) => x.IntelRdt = v)
        .Add("memoryPolicy", LinuxMemoryPolicy.Codec, x => x.MemoryPolicy, (x, v) => x.MemoryPolicy = v)
        .Add("personality", LinuxPersonality.Codec, x => x.Personality, (x, v) => x.Personality = v)
        .Add("timeOffsets", new MapCodec<LinuxTimeOffset>(LinuxTimeOffset.Codec), x => x.TimeOffsets, (x, v) => x.TimeOffsets = v);

    /// <summary>User id mappings of the user namespace.</summary>
    public List<LinuxIdMapping>? UidMappings { get; set; }

    /// <summary>Group id mappings of the user namespace.</summary>
    public List<LinuxIdMapping>? GidMappings { get; set; }

    /// <summary>Kernel parameters set in the container.</summary>
    public Dictionary<string, string>? Sysctl { get; set; }

    /// <summary>cgroup resource limits.</summary>
    public LinuxResources? Resources { get; set; }

    /// <summary>cgroup path, or <c>slice:prefix:name</c> for systemd.</summary>
    public string? CgroupsPath { get; set; }

    /// <summary>Namespaces created or joined.</summary>
    public List<LinuxNamespace>? Namespaces { get; set; }

    /// <summary>Device nodes created in the container.</summary>
    public List<LinuxDevice>? Devices { get; set; }

    /// <summary>Host network devices moved into the container, by host name.</summary>
    public Dictionary<string, LinuxNetDevice>? NetDevices { get; set; }

    /// <summary>Seccomp filter.</summary>
    public LinuxSeccomp? Seccomp { get; set; }

    /// <summary>Propagation of the root mount, e.g. <c>rprivate</c>.</summary>
    public string? RootfsPropagation { get; set; }

    /// <summary>Paths masked in the container.</summary>
    public List<string>? MaskedPaths { get; set; }

    /// <summary>Paths made read-only in the container.</summary>
    public List<string>? ReadonlyPaths { get; set; }

    /// <summary>SELinux context of the container's mounts.</summary>
    public string? MountLabel { get; set; }

    /// <summary>Intel RDT (resctrl) settings.</summary>
    public LinuxIntelRdt? IntelRdt { get; set; }

    /// <summary>NUMA memory policy (<c>set_mempolicy</c>).</summary>
    public LinuxMemoryPolicy? MemoryPolicy { get; set; }

    /// <summary>Execution domain (<c>personality</c>).</summary>
    public LinuxPersonality? Personality { get; set; }

    /// <summary>Clock offsets of the time namespace, keyed by <c>monotonic</c> or <c>boottime</c>.</summary>
    public Dictionary<string, LinuxTimeOffset>? TimeOffsets { get; set; }

    /// <summary>Fields this version does not know, kept so that they survive a load and save.</summary>
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
