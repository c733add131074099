using Hull.Runtime.Init;
using Hull.Spec;

namespace Hull.Runtime;

/// <summary>What this build of Hull really supports, in the runtime-spec features format.</summary>
public static class RuntimeFeatures
{
    public static Features Describe() => new()
    {
        OciVersionMin = "1.0.0",
        OciVersionMax = RuntimeInfo.SpecVersion,
        Hooks = ["prestart", "createRuntime", "createContainer", "startContainer", "poststart", "poststop"],
        MountOptions = [.. MountOptions.Known],
        Linux = new LinuxFeatures
        {
            Namespaces = [.. NamespaceTypes.All],
            Capabilities = [.. CapabilityNames.All],
            Cgroup = new CgroupFeatures { V1 = true, V2 = true, Systemd = true, SystemdUser = false, Rdma = true },
            Seccomp = new SeccompFeatures { Enabled = false },
            Apparmor = new EnabledFeature { Enabled = false },
            Selinux = new EnabledFeature { Enabled = false },
            IntelRdt = new IntelRdtFeatures { Enabled = false },
            MountExtensions = new MountExtensionsFeatures { IdMap = new EnabledFeature { Enabled = false } },
        },
        Annotations = new Dictionary<string, string>
        {
            ["org.hull.version"] = RuntimeInfo.Version,
        },
    };
}
