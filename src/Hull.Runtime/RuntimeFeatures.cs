using Hull.Cgroups;
using Hull.Runtime.Child;
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
            Seccomp = new SeccompFeatures
            {
                Enabled = Hull.Linux.SeccompFilter.IsAvailable,
                Actions = ["SCMP_ACT_ALLOW", "SCMP_ACT_ERRNO", "SCMP_ACT_KILL", "SCMP_ACT_KILL_PROCESS", "SCMP_ACT_KILL_THREAD", "SCMP_ACT_LOG", "SCMP_ACT_NOTIFY", "SCMP_ACT_TRACE", "SCMP_ACT_TRAP"],
                Operators = ["SCMP_CMP_EQ", "SCMP_CMP_GE", "SCMP_CMP_GT", "SCMP_CMP_LE", "SCMP_CMP_LT", "SCMP_CMP_MASKED_EQ", "SCMP_CMP_NE"],
                Archs = ["SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM", "SCMP_ARCH_MIPS", "SCMP_ARCH_MIPS64", "SCMP_ARCH_MIPS64N32", "SCMP_ARCH_MIPSEL", "SCMP_ARCH_MIPSEL64", "SCMP_ARCH_MIPSEL64N32", "SCMP_ARCH_PPC", "SCMP_ARCH_PPC64", "SCMP_ARCH_PPC64LE", "SCMP_ARCH_RISCV64", "SCMP_ARCH_S390", "SCMP_ARCH_S390X", "SCMP_ARCH_X32", "SCMP_ARCH_X86", "SCMP_ARCH_X86_64"],
                KnownFlags = ["SECCOMP_FILTER_FLAG_TSYNC", "SECCOMP_FILTER_FLAG_SPEC_ALLOW", "SECCOMP_FILTER_FLAG_LOG"],
                SupportedFlags = ["SECCOMP_FILTER_FLAG_TSYNC", "SECCOMP_FILTER_FLAG_SPEC_ALLOW", "SECCOMP_FILTER_FLAG_LOG"],
            },
            Apparmor = new EnabledFeature { Enabled = true },
            Selinux = new EnabledFeature { Enabled = true },
            IntelRdt = new IntelRdtFeatures { Enabled = ResctrlMount.Find() is not null, Schemata = true, Monitoring = true },
            MountExtensions = new MountExtensionsFeatures { IdMap = new EnabledFeature { Enabled = true } },
        },
        Annotations = Annotations(),
    };

    /// <summary>
    /// Hull's version and, under runc's keys, the version of the libseccomp linked in and that checkpoint and restore
    /// are there (engines such as podman look for it before they offer them; CRIU itself is found when they run).
    /// </summary>
    private static Dictionary<string, string> Annotations()
    {
        var annotations = new Dictionary<string, string>
        {
            ["org.hull.version"] = RuntimeInfo.Version,
            ["org.opencontainers.runc.checkpoint.enabled"] = "true",
        };
        if (Hull.Linux.SeccompFilter.Version is { } libseccomp)
            annotations["io.github.seccomp.libseccomp.version"] = libseccomp;
        return annotations;
    }
}
