using Hull.Spec;


namespace Hull.Tests.Unit.Spec;

public sealed class SpecValidatorTests
{
    private sealed record Rule(Action<RuntimeSpec> Break, string Path, string Message);

    private static readonly Dictionary<string, Rule> Rules = new()
    {
        ["ociVersion missing"] = new(s => s.OciVersion = null, "$.ociVersion", "ociVersion must be specified"),
        ["ociVersion not semver"] = new(s => s.OciVersion = "1.0", "$.ociVersion", "expected MAJOR.MINOR.PATCH"),
        ["ociVersion major 2"] = new(s => s.OciVersion = "2.0.0", "$.ociVersion", "only 1.x is supported"),
        ["root missing"] = new(s => s.Root = null, "$.root", "root must be specified"),
        ["root.path empty"] = new(s => s.Root!.Path = "", "$.root.path", "root.path must not be empty"),
        ["process missing"] = new(s => s.Process = null, "$.process", "process property must not be empty"),
        ["args empty"] = new(s => s.Process!.Args = [], "$.process.args", "args must not be empty"),
        ["cwd empty"] = new(s => s.Process!.Cwd = null, "$.process.cwd", "Cwd property must not be empty"),
        ["cwd relative"] = new(s => s.Process!.Cwd = "home", "$.process.cwd", "Cwd must be an absolute path"),
        ["user missing"] = new(s => s.Process!.User = null, "$.process.user", "user must be specified"),
        ["uid missing"] = new(s => s.Process!.User!.Uid = null, "$.process.user.uid", "uid must be specified"),
        ["gid missing"] = new(s => s.Process!.User!.Gid = null, "$.process.user.gid", "gid must be specified"),
        ["rlimit unknown"] = new(s => s.Process!.Rlimits![0].Type = "RLIMIT_FOO", "$.process.rlimits[0].type", "wrong rlimit value: RLIMIT_FOO"),
        ["rlimit duplicate"] = new(
            s => s.Process!.Rlimits!.Add(new PosixRlimit { Type = "RLIMIT_NOFILE", Hard = 1, Soft = 1 }),
            "$.process.rlimits[1].type", "duplicate rlimit type \"RLIMIT_NOFILE\""),
        ["rlimit soft above hard"] = new(s => s.Process!.Rlimits![0].Soft = 2048, "$.process.rlimits[0].soft", "soft limit 2048 exceeds hard limit 1024"),
        ["rlimit hard missing"] = new(s => s.Process!.Rlimits![0].Hard = null, "$.process.rlimits[0].hard", "hard limit must be specified"),
        ["oomScoreAdj range"] = new(s => s.Process!.OomScoreAdj = 1001, "$.process.oomScoreAdj", "between -1000 and 1000"),
        ["ioPriority class"] = new(
            s => s.Process!.IOPriority = new LinuxIOPriority { Class = "IOPRIO_CLASS_X", Priority = 0 },
            "$.process.ioPriority.class", "invalid ioPriority class \"IOPRIO_CLASS_X\""),
        ["ioPriority priority"] = new(
            s => s.Process!.IOPriority = new LinuxIOPriority { Class = "IOPRIO_CLASS_BE", Priority = 8 },
            "$.process.ioPriority.priority", "between 0 and 7"),
        ["scheduler policy missing"] = new(s => s.Process!.Scheduler = new Scheduler(), "$.process.scheduler.policy", "scheduler policy must be specified"),
        ["scheduler policy unknown"] = new(s => s.Process!.Scheduler = new Scheduler { Policy = "SCHED_X" }, "$.process.scheduler.policy", "invalid scheduler policy"),
        ["scheduler nice"] = new(s => s.Process!.Scheduler = new Scheduler { Policy = "SCHED_OTHER", Nice = 20 }, "$.process.scheduler.nice", "between -20 and 19"),
        ["scheduler priority"] = new(s => s.Process!.Scheduler = new Scheduler { Policy = "SCHED_OTHER", Priority = 5 }, "$.process.scheduler.priority", "SCHED_FIFO or SCHED_RR"),
        ["scheduler deadline"] = new(s => s.Process!.Scheduler = new Scheduler { Policy = "SCHED_RR", Runtime = 5 }, "$.process.scheduler", "only be set for SCHED_DEADLINE"),
        ["mount destination"] = new(s => s.Mounts![0].Destination = null, "$.mounts[0].destination", "mount destination must be specified"),
        ["mount idmap half"] = new(
            s => s.Mounts![0].UidMappings = [new LinuxIdMapping { ContainerId = 0, HostId = 1, Size = 1 }],
            "$.mounts[0]", "both uid and gid mappings"),
        ["hook relative"] = new(s => s.Hooks = new Hooks { Poststart = [new Hook { Path = "bin/hook" }] }, "$.hooks.poststart[0].path", "hook path \"bin/hook\" must be absolute"),
        ["hook path missing"] = new(s => s.Hooks = new Hooks { CreateRuntime = [new Hook()] }, "$.hooks.createRuntime[0].path", "hook path must be specified"),
        ["hook timeout"] = new(s => s.Hooks = new Hooks { Prestart = [new Hook { Path = "/h", Timeout = 0 }] }, "$.hooks.prestart[0].timeout", "greater than zero"),
        ["namespace unknown"] = new(s => s.Linux!.Namespaces![2].Type = "ipcx", "$.linux.namespaces[2].type", "namespace {\"ipcx\" \"\"} does not exist"),
        ["namespace duplicate"] = new(s => s.Linux!.Namespaces!.Add(new LinuxNamespace { Type = "pid" }), "$.linux.namespaces[5].type", "malformed spec file: duplicated ns {\"pid\" \"\"}"),
        ["namespace type missing"] = new(s => s.Linux!.Namespaces![0].Type = null, "$.linux.namespaces[0].type", "namespace type must be specified"),
        ["namespace path relative"] = new(s => s.Linux!.Namespaces![0].Path = "proc/1/ns/pid", "$.linux.namespaces[0].path", "must be absolute"),
        ["userns without mappings"] = new(
            s => s.Linux!.Namespaces!.Add(new LinuxNamespace { Type = "user" }),
            "$.linux.uidMappings", "User namespaces enabled, but no uid mappings found."),
        ["mapping size zero"] = new(
            s =>
            {
                s.Linux!.Namespaces!.Add(new LinuxNamespace { Type = "user" });
                s.Linux.UidMappings = [new LinuxIdMapping { ContainerId = 0, HostId = 1000, Size = 0 }];
            },
            "$.linux.uidMappings[0].size", "greater than zero"),
        ["timeOffsets without timens"] = new(
            s => s.Linux!.TimeOffsets = new() { ["monotonic"] = new LinuxTimeOffset { Secs = 1 } },
            "$.linux.timeOffsets", "time namespace isn't enabled"),
        ["timeOffsets with timens path"] = new(
            s =>
            {
                s.Linux!.Namespaces!.Add(new LinuxNamespace { Type = "time", Path = "/proc/1/ns/time" });
                s.Linux.TimeOffsets = new() { ["boottime"] = new LinuxTimeOffset { Secs = 1 } };
            },
            "$.linux.timeOffsets", "both namespace path and time offsets"),
        ["timeOffsets unknown clock"] = new(
            s =>
            {
                s.Linux!.Namespaces!.Add(new LinuxNamespace { Type = "time" });
                s.Linux.TimeOffsets = new() { ["realtime"] = new LinuxTimeOffset { Secs = 1 } };
            },
            "$.linux.timeOffsets['realtime']", "unknown clock \"realtime\""),
        ["hostname without uts"] = new(s => RemoveNamespace(s, "uts"), "$.hostname", "unable to set hostname without a private UTS namespace"),
        ["domainname without uts"] = new(
            s =>
            {
                RemoveNamespace(s, "uts");
                s.Hostname = null;
                s.Domainname = "example.org";
            },
            "$.domainname", "unable to set domainname without a private UTS namespace"),
        ["device type"] = new(s => s.Linux!.Devices = [new LinuxDevice { Path = "/dev/x", Type = "x", Major = 1, Minor = 1 }], "$.linux.devices[0].type", "invalid device type \"x\""),
        ["device numbers"] = new(s => s.Linux!.Devices = [new LinuxDevice { Path = "/dev/x", Type = "c" }], "$.linux.devices[0]", "major and minor numbers must be specified"),
        ["device path"] = new(s => s.Linux!.Devices = [new LinuxDevice { Path = "dev/x", Type = "p" }], "$.linux.devices[0].path", "must be absolute"),
        ["cgroup device type"] = new(s => s.Linux!.Resources!.Devices![0].Type = "u", "$.linux.resources.devices[0].type", "invalid cgroup device type \"u\""),
        ["seccomp default missing"] = new(
            s => s.Linux!.Seccomp = Seccomp(x => (x.DefaultAction, x.Syscalls) = (null, [new LinuxSyscall { Names = ["read"], Action = "SCMP_ACT_ALLOW" }])),
            "$.linux.seccomp.defaultAction", "string  is not a valid action for seccomp"),
        ["seccomp default unknown"] = new(s => s.Linux!.Seccomp = new LinuxSeccomp { DefaultAction = "SCMP_ACT_NOPE" }, "$.linux.seccomp.defaultAction", "string SCMP_ACT_NOPE is not a valid action for seccomp"),
        ["seccomp default notify"] = new(s => s.Linux!.Seccomp = new LinuxSeccomp { DefaultAction = "SCMP_ACT_NOTIFY" }, "$.linux.seccomp.defaultAction", "cannot be used as default action"),
        ["seccomp arch"] = new(s => s.Linux!.Seccomp = Seccomp(x => x.Architectures = ["SCMP_ARCH_VAX"]), "$.linux.seccomp.architectures[0]", "string SCMP_ARCH_VAX is not a valid arch for seccomp"),
        ["seccomp flag"] = new(s => s.Linux!.Seccomp = Seccomp(x => x.Flags = ["SECCOMP_FILTER_FLAG_X"]), "$.linux.seccomp.flags[0]", "unknown seccomp flag"),
        ["seccomp names empty"] = new(s => s.Linux!.Seccomp = Seccomp(x => x.Syscalls = [new LinuxSyscall { Action = "SCMP_ACT_ALLOW" }]), "$.linux.seccomp.syscalls[0].names", "syscall names must not be empty"),
        ["seccomp syscall action"] = new(
            s => s.Linux!.Seccomp = Seccomp(x => x.Syscalls = [new LinuxSyscall { Names = ["read"], Action = "ALLOW" }]),
            "$.linux.seccomp.syscalls[0].action", "string ALLOW is not a valid action for seccomp"),
        ["seccomp notify write"] = new(
            s => s.Linux!.Seccomp = Seccomp(x => x.Syscalls = [new LinuxSyscall { Names = ["write"], Action = "SCMP_ACT_NOTIFY" }]),
            "$.linux.seccomp.syscalls[0].names", "cannot be used for the write syscall"),
        ["seccomp operator"] = new(
            s => s.Linux!.Seccomp = Seccomp(x => x.Syscalls = [Syscall(new LinuxSeccompArg { Index = 0, Value = 1, Op = "SCMP_CMP_ISH" })]),
            "$.linux.seccomp.syscalls[0].args[0].op", "string SCMP_CMP_ISH is not a valid operator for seccomp"),
        ["seccomp arg index"] = new(
            s => s.Linux!.Seccomp = Seccomp(x => x.Syscalls = [Syscall(new LinuxSeccompArg { Index = 6, Value = 1, Op = "SCMP_CMP_EQ" })]),
            "$.linux.seccomp.syscalls[0].args[0].index", "syscalls only have up to 6 arguments (6 given)"),
        ["restricted paths without mountns"] = new(s => RemoveNamespace(s, "mount"), "$.linux.maskedPaths", "without a private MNT namespace"),
        ["rootfsPropagation"] = new(s => s.Linux!.RootfsPropagation = "bogus", "$.linux.rootfsPropagation", "rootfsPropagation=bogus is not supported"),
        ["personality"] = new(s => s.Linux!.Personality = new LinuxPersonality { Domain = "LINUX64" }, "$.linux.personality.domain", "invalid personality domain"),
        ["memoryPolicy mode"] = new(s => s.Linux!.MemoryPolicy = new LinuxMemoryPolicy { Mode = "MPOL_X" }, "$.linux.memoryPolicy.mode", "invalid memory policy mode"),
        ["memoryPolicy nodes"] = new(s => s.Linux!.MemoryPolicy = new LinuxMemoryPolicy { Mode = "MPOL_BIND" }, "$.linux.memoryPolicy.nodes", "requires at least one node"),
        ["memoryPolicy flag"] = new(
            s => s.Linux!.MemoryPolicy = new LinuxMemoryPolicy { Mode = "MPOL_DEFAULT", Flags = ["MPOL_F_X"] },
            "$.linux.memoryPolicy.flags[0]", "invalid memory policy flag"),
        ["netDevices without netns"] = new(
            s =>
            {
                RemoveNamespace(s, "network");
                s.Linux!.NetDevices = new() { ["eth1"] = new LinuxNetDevice() };
            },
            "$.linux.netDevices", "without a NET namespace"),
        ["netDevices name"] = new(s => s.Linux!.NetDevices = new() { ["eth1"] = new LinuxNetDevice { Name = "a/b" } }, "$.linux.netDevices['eth1'].name", "invalid network device name \"a/b\""),
        ["intelRdt closID"] = new(s => s.Linux!.IntelRdt = new LinuxIntelRdt { ClosId = ".." }, "$.linux.intelRdt.closID", "invalid intelRdt.ClosID \"..\""),
        ["intelRdt memBwSchema prefix"] = new(s => s.Linux!.IntelRdt = new LinuxIntelRdt { MemBwSchema = "L3:0=f" }, "$.linux.intelRdt.memBwSchema", "must start with \"MB:\""),
        ["intelRdt l3CacheSchema lines"] = new(s => s.Linux!.IntelRdt = new LinuxIntelRdt { L3CacheSchema = "L3:0=f\nMB:0=10" }, "$.linux.intelRdt.l3CacheSchema", "must be one line"),
        ["intelRdt schemata lines"] = new(s => s.Linux!.IntelRdt = new LinuxIntelRdt { Schemata = ["L3:0=f", "L2:0=f\nMB:0=10"] }, "$.linux.intelRdt.schemata[1]", "must be one line"),
        ["sysctl net without netns"] = new(s => Sysctl(s, "net.ipv4.ip_forward", "network"), "$.linux.sysctl['net.ipv4.ip_forward']", "not allowed in host network namespace"),
        ["sysctl ipc without ipcns"] = new(s => Sysctl(s, "kernel.shmmax", "ipc"), "$.linux.sysctl['kernel.shmmax']", "not allowed in the hosts ipc namespace"),
        ["sysctl mqueue without ipcns"] = new(s => Sysctl(s, "fs.mqueue.msg_max", "ipc"), "$.linux.sysctl['fs.mqueue.msg_max']", "not allowed in the hosts ipc namespace"),
        ["sysctl hostname"] = new(s => Sysctl(s, "kernel.hostname"), "$.linux.sysctl['kernel.hostname']", "conflicts with the OCI \"hostname\" field"),
        ["sysctl domainname without uts"] = new(
            s =>
            {
                s.Hostname = null;
                Sysctl(s, "kernel.domainname", "uts");
            },
            "$.linux.sysctl['kernel.domainname']", "sysctl \"kernel.domainname\" is not in a separate kernel namespace"),
        ["sysctl user without userns"] = new(s => Sysctl(s, "user.max_user_namespaces"), "$.linux.sysctl['user.max_user_namespaces']", "without a user namespace"),
        ["sysctl not namespaced"] = new(s => Sysctl(s, "vm.swappiness"), "$.linux.sysctl['vm.swappiness']", "sysctl \"vm.swappiness\" is not in a separate kernel namespace"),
        ["sysctl slash form"] = new(s => Sysctl(s, "net/ipv4/conf/eth0.100/rp_filter", "network"), "$.linux.sysctl['net/ipv4/conf/eth0.100/rp_filter']", "sysctl \"net.ipv4.conf.eth0/100.rp_filter\" not allowed"),
    };

    public static TheoryData<string> RuleNames => new(Rules.Keys);

    [Theory]
    [MemberData(nameof(RuleNames))]
    public void EachRuleRejectsABrokenDefaultSpec(string name)
    {
        var rule = Rules[name];
        var spec = DefaultSpec.Create();
        rule.Break(spec);

        var result = SpecValidator.Validate(spec);

        Assert.False(result.IsValid);
        Assert.Contains(result.Errors, e => e.Path == rule.Path && e.Message.Contains(rule.Message, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void DefaultSpecsAreValid(bool rootless)
    {
        var result = SpecValidator.Validate(DefaultSpec.Create(rootless));

        Assert.Empty(result.Errors);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void EveryFieldConfigIsValid()
    {
        var result = SpecValidator.Validate(SpecLoader.Parse(ExtendedConfigs.EveryField));

        Assert.Empty(result.Errors);
    }

    [Theory]
    [InlineData("net.core.somaxconn", "network")]
    [InlineData("kernel.msgmax", "ipc")]
    [InlineData("fs.mqueue.queues_max", "ipc")]
    [InlineData("kernel.domainname", "uts")]
    [InlineData("user.max_user_namespaces", "user")]
    public void NamespacedSysctlsAreAllowedWithTheirNamespace(string sysctl, string ns)
    {
        var spec = DefaultSpec.Create(rootless: ns == "user");
        spec.Linux!.Sysctl = new() { [sysctl] = "1" };

        Assert.Empty(SpecValidator.Validate(spec).Errors);
        Assert.Contains(spec.Linux.Namespaces!, n => n.Type == ns);
    }

    [Fact]
    public void ProcessIsOptionalWhenNotRequired()
    {
        var spec = DefaultSpec.Create();
        spec.Process = null;

        Assert.True(SpecValidator.Validate(spec, requireProcess: false).IsValid);
    }

    [Fact]
    public void RelativeMountDestinationIsAcceptedWithRuncsWarning()
    {
        var spec = DefaultSpec.Create();
        spec.Mounts!.Add(new Mount { Destination = "data", Type = "tmpfs", Source = "tmpfs" });

        var result = SpecValidator.Validate(spec);

        Assert.Empty(result.Errors);
        var warning = Assert.Single(result.Warnings);
        Assert.EndsWith("mount destination data is not absolute. Support for non-absolute mount destinations will be removed in a future release.", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnEmptySeccompProfileAsksForNoFilter()
    {
        var spec = DefaultSpec.Create();
        spec.Linux!.Seccomp = new LinuxSeccomp();

        Assert.True(SpecValidator.Validate(spec).IsValid);
        Assert.True(spec.Linux.Seccomp.IsEmpty);
    }

    [Fact]
    public void RelativeRestrictedPathsAndUnknownDeviceAccessAreAcceptedAsRuncAcceptsThem()
    {
        var spec = DefaultSpec.Create();
        spec.Linux!.MaskedPaths!.Add("proc/kcore");
        spec.Linux.ReadonlyPaths![0] = "proc/bus";
        spec.Linux.Resources!.Devices![0].Access = "rwx";
        spec.Linux.UidMappings = [new LinuxIdMapping { ContainerId = 0, HostId = 1000, Size = 1 }];

        Assert.True(SpecValidator.Validate(spec).IsValid);
    }

    [Fact]
    public void UnknownCapabilitiesAreWarningsNotErrors()
    {
        var spec = DefaultSpec.Create();
        spec.Process!.Capabilities!.Ambient = ["CAP_KILL", "CAP_FUTURE"];

        var result = SpecValidator.Validate(spec);

        Assert.True(result.IsValid);
        var warning = Assert.Single(result.Warnings);
        Assert.Equal(new SpecError("$.process.capabilities", "ignoring unknown or unavailable capabilities: [CAP_FUTURE]"), warning);
    }

    [Fact]
    public void BundleRootfsMustExist()
    {
        var bundle = Directory.CreateTempSubdirectory("hull-bundle-").FullName;
        try
        {
            var spec = DefaultSpec.Create();
            var missing = SpecValidator.Validate(spec, bundle);
            Directory.CreateDirectory(Path.Combine(bundle, "rootfs"));
            var present = SpecValidator.Validate(spec, bundle);

            var error = Assert.Single(missing.Errors);
            Assert.Equal(new SpecError("$.root.path", $"invalid rootfs: stat {bundle}/rootfs: no such file or directory"), error);
            Assert.True(present.IsValid);
        }
        finally
        {
            Directory.Delete(bundle, recursive: true);
        }
    }

    [Fact]
    public void ValidateOrThrowSaysTheFirstErrorAndKeepsEvery()
    {
        var spec = DefaultSpec.Create();
        spec.Process!.Cwd = "tmp";
        spec.Process.Args = null;

        var e = Assert.Throws<SpecException>(() => SpecValidator.ValidateOrThrow(spec));

        Assert.Equal(2, e.Errors.Count);
        Assert.Equal($"{e.Errors[0].Path}: {e.Errors[0].Message}", e.Message);
    }

    [Fact]
    public void ValidateOrThrowReturnsWarnings()
    {
        var spec = DefaultSpec.Create();
        spec.Process!.Capabilities!.Bounding!.Add("CAP_NOPE");

        Assert.Single(SpecValidator.ValidateOrThrow(spec));
    }

    [Theory]
    [InlineData("net.ipv4.ip_forward", "net.ipv4.ip_forward")]
    [InlineData("net/ipv4/ip_forward", "net.ipv4.ip_forward")]
    [InlineData("net/ipv4/conf/eno2.100/rp_filter", "net.ipv4.conf.eno2/100.rp_filter")]
    [InlineData("net.ipv4.conf.eno2/100.rp_filter", "net.ipv4.conf.eno2/100.rp_filter")]
    [InlineData("kernel", "kernel")]
    public void SysctlSlashFormIsConverted(string name, string dotted) =>
        Assert.Equal(dotted, SysctlValidator.ToDotted(name));

    private static void RemoveNamespace(RuntimeSpec spec, string type) =>
        spec.Linux!.Namespaces!.RemoveAll(n => n.Type == type);

    private static void Sysctl(RuntimeSpec spec, string name, string? withoutNamespace = null)
    {
        if (withoutNamespace is not null)
        {
            RemoveNamespace(spec, withoutNamespace);
        }
        spec.Linux!.Sysctl = new() { [name] = "1" };
    }

    private static LinuxSeccomp Seccomp(Action<LinuxSeccomp> configure)
    {
        var seccomp = new LinuxSeccomp { DefaultAction = "SCMP_ACT_ERRNO" };
        configure(seccomp);
        return seccomp;
    }

    private static LinuxSyscall Syscall(LinuxSeccompArg arg) =>
        new() { Names = ["personality"], Action = "SCMP_ACT_ALLOW", Args = [arg] };
}
