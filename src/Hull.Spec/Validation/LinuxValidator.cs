using static Hull.Spec.ValidationContext;

namespace Hull.Spec;

/// <summary>Checks <c>linux</c>: namespaces and what depends on them, devices, paths and the smaller settings.</summary>
internal static class LinuxValidator
{
    private static readonly string[] Propagations =
        ["shared", "slave", "private", "rshared", "rslave", "rprivate", "unbindable", "runbindable"];

    public static void Check(ValidationContext context)
    {
        var linux = context.Spec.Linux;
        if (linux is null)
        {
            return;
        }
        NamespaceValidator.Check(context, linux);
        SysctlValidator.Check(context, linux.Sysctl);
        SeccompValidator.Check(context, linux.Seccomp);
        CheckRestrictedPaths(context, "maskedPaths", linux.MaskedPaths);
        CheckRestrictedPaths(context, "readonlyPaths", linux.ReadonlyPaths);
        DeviceValidator.Check(context, linux);
        if (!string.IsNullOrEmpty(linux.RootfsPropagation) && !Propagations.Contains(linux.RootfsPropagation))
        {
            context.Error("$.linux.rootfsPropagation", $"rootfsPropagation={linux.RootfsPropagation} is not supported");
        }
        if (linux.Personality is { } personality && personality.Domain is not ("LINUX" or "LINUX32"))
        {
            context.Error("$.linux.personality.domain", $"invalid personality domain {Q(personality.Domain)}");
        }
        if (linux.Resources?.Memory is { } memory && (memory.Kernel is not null || memory.KernelTcp is not null))
        {
            context.Warn("$.linux.resources.memory", "Kernel memory settings are ignored and will be removed");
        }
        CheckMemoryPolicy(context, linux.MemoryPolicy);
        CheckIntelRdt(context, linux.IntelRdt);
    }

    // A relative path is taken from "/", as runc takes it.
    private static void CheckRestrictedPaths(ValidationContext context, string name, List<string>? paths)
    {
        if (paths is not { Count: > 0 })
        {
            return;
        }
        if (!context.HasNamespace(NamespaceTypes.Mount))
        {
            context.Error("$.linux." + name, "unable to restrict sys entries without a private MNT namespace");
        }
    }

    private static void CheckMemoryPolicy(ValidationContext context, LinuxMemoryPolicy? policy)
    {
        if (policy is null)
        {
            return;
        }
        const string path = "$.linux.memoryPolicy";
        var hasNodes = !string.IsNullOrEmpty(policy.Nodes);
        switch (policy.Mode)
        {
            case "MPOL_DEFAULT" or "MPOL_LOCAL" when hasNodes:
                context.Error(path + ".nodes", $"memory policy mode {policy.Mode} takes no nodes");
                break;
            case "MPOL_BIND" or "MPOL_INTERLEAVE" or "MPOL_PREFERRED_MANY" or "MPOL_WEIGHTED_INTERLEAVE" when !hasNodes:
                context.Error(path + ".nodes", $"memory policy mode {policy.Mode} requires at least one node");
                break;
            case var mode when mode is null || !MemoryPolicyNames.Modes.Contains(mode):
                context.Error(path + ".mode", $"invalid memory policy mode {Q(mode)}");
                break;
        }
        var flags = policy.Flags ?? [];
        for (var i = 0; i < flags.Count; i++)
        {
            if (!MemoryPolicyNames.Flags.Contains(flags[i]))
            {
                context.Error(At(path + ".flags", i), $"invalid memory policy flag {Q(flags[i])}");
            }
        }
    }

    private static void CheckIntelRdt(ValidationContext context, LinuxIntelRdt? rdt)
    {
        if (rdt?.ClosId is { } clos && (clos is "." or ".." || (clos.Length > 1 && clos.Contains('/'))))
        {
            context.Error("$.linux.intelRdt.closID", $"invalid intelRdt.ClosID {Q(clos)}");
        }
        if (rdt?.MemBwSchema is { Length: > 0 } memBw && !memBw.StartsWith("MB:", StringComparison.Ordinal))
            context.Error("$.linux.intelRdt.memBwSchema", $"memBwSchema {Q(memBw)} must start with \"MB:\"");
        if (rdt?.L3CacheSchema?.Contains('\n', StringComparison.Ordinal) == true)
            context.Error("$.linux.intelRdt.l3CacheSchema", "l3CacheSchema must be one line");
        if (rdt?.MemBwSchema?.Contains('\n', StringComparison.Ordinal) == true)
            context.Error("$.linux.intelRdt.memBwSchema", "memBwSchema must be one line");
        for (int i = 0; i < (rdt?.Schemata?.Count ?? 0); i++)
        {
            if (rdt!.Schemata![i].Contains('\n', StringComparison.Ordinal))
                context.Error(At("$.linux.intelRdt.schemata", i), "a schemata line must be one line");
        }
    }
}
