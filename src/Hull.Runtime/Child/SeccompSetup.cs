using Hull.Linux;
using Hull.Spec;

namespace Hull.Runtime.Child;

/// <summary>Turns linux.seccomp into a libseccomp filter and loads it.</summary>
internal static class SeccompSetup
{
    private const int EPERM = 1;

    /// <summary>Loads the filter on the calling thread; returns its notify descriptor when rules use SCMP_ACT_NOTIFY.</summary>
    public static int? Load(LinuxSeccomp config)
    {
        using var filter = new SeccompFilter(Action(config.DefaultAction, config.DefaultErrnoRet));
        foreach (string arch in config.Architectures ?? [])
            filter.AddArchitecture(ArchitectureName(arch));
        foreach (string flag in config.Flags ?? [])
        {
            switch (flag)
            {
                case "SECCOMP_FILTER_FLAG_TSYNC":
                    filter.SetAttribute(SeccompFilter.AttributeThreadSync, 1);
                    break;
                case "SECCOMP_FILTER_FLAG_LOG":
                    filter.SetAttribute(SeccompFilter.AttributeLog, 1);
                    break;
                case "SECCOMP_FILTER_FLAG_SPEC_ALLOW":
                    filter.SetAttribute(SeccompFilter.AttributeSpeculativeStoreBypass, 1);
                    break;
                default:
                    throw new HullException($"seccomp: unsupported flag {flag}", ErrorKind.InvalidArgument);
            }
        }
        bool notify = config.DefaultAction == "SCMP_ACT_NOTIFY";
        foreach (var rule in config.Syscalls ?? [])
        {
            uint action = Action(rule.Action, rule.ErrnoRet);
            notify |= rule.Action == "SCMP_ACT_NOTIFY";
            foreach (string name in rule.Names ?? [])
            {
                // Like runc, names the kernel's architectures do not know are skipped, so one profile serves many kernels.
                if (SeccompFilter.ResolveSyscall(name) is not int number)
                    continue;
                AddRule(filter, action, number, name, rule.Args);
            }
        }
        filter.Load();
        return notify ? filter.NotifyDescriptor() : null;
    }

    /// <summary>
    /// Conditions on distinct arguments form one rule (ANDed); several on the same argument become one
    /// rule each (ORed), since libseccomp cannot AND two comparisons of one argument.
    /// </summary>
    private static void AddRule(SeccompFilter filter, uint action, int number, string name, List<LinuxSeccompArg>? args)
    {
        var conditions = (args ?? []).Select(a => new SeccompFilter.Condition((uint)(a.Index ?? 0), Operator(a.Op), a.Value ?? 0, a.ValueTwo ?? 0)).ToList();
        if (conditions.Select(c => c.Argument).Distinct().Count() == conditions.Count)
        {
            filter.AddRule(action, number, conditions, name);
            return;
        }
        foreach (var condition in conditions)
            filter.AddRule(action, number, [condition], name);
    }

    private static uint Action(string? name, uint? errnoRet) => name switch
    {
        "SCMP_ACT_KILL" or "SCMP_ACT_KILL_THREAD" => 0x00000000,
        "SCMP_ACT_KILL_PROCESS" => 0x80000000,
        "SCMP_ACT_TRAP" => 0x00030000,
        "SCMP_ACT_ERRNO" => 0x00050000 | ((errnoRet ?? EPERM) & 0xffff),
        "SCMP_ACT_TRACE" => 0x7ff00000 | ((errnoRet ?? EPERM) & 0xffff),
        "SCMP_ACT_LOG" => 0x7ffc0000,
        "SCMP_ACT_ALLOW" => 0x7fff0000,
        "SCMP_ACT_NOTIFY" => 0x7fc00000,
        _ => throw new HullException($"seccomp: unknown action {name}", ErrorKind.InvalidArgument),
    };

    private static int Operator(string? name) => name switch
    {
        "SCMP_CMP_NE" => 1,
        "SCMP_CMP_LT" => 2,
        "SCMP_CMP_LE" => 3,
        "SCMP_CMP_EQ" => 4,
        "SCMP_CMP_GE" => 5,
        "SCMP_CMP_GT" => 6,
        "SCMP_CMP_MASKED_EQ" => 7,
        _ => throw new HullException($"seccomp: unknown operator {name}", ErrorKind.InvalidArgument),
    };

    /// <summary>"SCMP_ARCH_X86_64" → "x86_64", libseccomp's name.</summary>
    private static string ArchitectureName(string arch) =>
        (arch.StartsWith("SCMP_ARCH_", StringComparison.Ordinal) ? arch["SCMP_ARCH_".Length..] : arch).ToLowerInvariant();
}
