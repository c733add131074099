using System.Buffers.Binary;
using Hull.Linux;
using Hull.Spec;

namespace Hull.Runtime.Child;

/// <summary>
/// linux.seccomp compiled to the BPF program the last mile loads: libseccomp's filter, behind a prefix that answers
/// ENOSYS to a syscall newer than any the profile names (as runc does), so that a C library tries its older
/// fallback rather than taking the default action's errno for "not supported".
/// </summary>
internal sealed record SeccompProgram(byte[] Bpf, uint Flags, bool Notifies)
{
    private const int EPERM = 1;
    private const uint RetErrno = 0x00050000;
    private const int ENOSYS = 38;
    private const uint AuditArchX86_64 = 0xc000003e;
    private const uint X32Bit = 0x40000000;

    public static SeccompProgram Compile(LinuxSeccomp config)
    {
        uint defaultAction = Action(config.DefaultAction, config.DefaultErrnoRet);
        using var filter = new SeccompFilter(defaultAction);
        var architectures = (config.Architectures ?? []).Select(ArchitectureName).ToList();
        foreach (string arch in architectures)
            filter.AddArchitecture(arch);
        bool notifies = config.DefaultAction == "SCMP_ACT_NOTIFY";
        foreach (var rule in config.Syscalls ?? [])
        {
            uint action = Action(rule.Action, rule.ErrnoRet);
            // A rule that does what the default does changes nothing; libseccomp refuses it, runc leaves it out.
            if (action == defaultAction)
                continue;
            notifies |= rule.Action == "SCMP_ACT_NOTIFY";
            foreach (string name in rule.Names ?? [])
            {
                // Names the kernel's architectures do not know are skipped, so one profile serves many kernels.
                if (SeccompFilter.ResolveSyscall(name) is not int number)
                    continue;
                AddRule(filter, action, number, name, rule.Args);
            }
        }
        byte[] program = filter.ExportBpf();
        if (!NeedsEnosysPrefix(config))
            return new SeccompProgram(program, FlagBits(config.Flags), notifies);
        return new SeccompProgram(WithEnosysPrefix(program, LastSyscalls(config, architectures)), FlagBits(config.Flags), notifies);
    }

    /// <summary>
    /// Conditions on distinct arguments form one rule (ANDed); several on the same argument become one rule each
    /// (ORed), since libseccomp cannot AND two comparisons of one argument.
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

    /// <summary>
    /// As runc: a permissive default (allow, log, trace) lets a new syscall through anyway, and a default that answers
    /// ENOSYS already says what the prefix would.
    /// </summary>
    private static bool NeedsEnosysPrefix(LinuxSeccomp config) =>
        config.DefaultAction is not ("SCMP_ACT_ALLOW" or "SCMP_ACT_LOG" or "SCMP_ACT_TRACE")
        && config.DefaultErrnoRet != ENOSYS;

    /// <summary>Per architecture the profile names (the native one when it names none), the largest syscall number its rules name.</summary>
    private static List<(uint Token, uint Largest)> LastSyscalls(LinuxSeccomp config, List<string> architectures)
    {
        var tokens = architectures.Count == 0 ? [SeccompFilter.NativeArchitecture] : architectures.Select(SeccompFilter.ArchitectureToken).Distinct().ToList();
        var names = (config.Syscalls ?? []).SelectMany(rule => rule.Names ?? []).Distinct().ToList();
        var result = new List<(uint, uint)>();
        foreach (uint token in tokens)
        {
            uint largest = 0;
            foreach (string name in names)
            {
                if (SeccompFilter.ResolveSyscall(name, token) is int number && (uint)number > largest)
                    largest = (uint)number;
            }
            if (largest != 0)
                result.Add((token, largest));
        }
        return result;
    }

    /// <summary>
    /// The prefix: per architecture (as the kernel reports it in seccomp_data.arch, x32 telling itself apart by its
    /// syscall bit), a syscall above the largest the profile names returns ENOSYS; anything else runs the filter.
    /// </summary>
    private static byte[] WithEnosysPrefix(byte[] filter, List<(uint Token, uint Largest)> last)
    {
        if (last.Count == 0)
            return filter;
        var sections = last.GroupBy(l => AuditArchitecture(l.Token)).ToList();
        var code = new List<Instruction>();
        for (int i = 0; i < sections.Count; i++)
        {
            uint arch = sections[i].Key;
            uint? native = sections[i].Where(l => !IsX32(l.Token)).Select(l => (uint?)l.Largest).FirstOrDefault();
            uint? x32 = sections[i].Where(l => IsX32(l.Token)).Select(l => (uint?)l.Largest).FirstOrDefault();
            string next = i + 1 < sections.Count ? $"arch{i + 1}" : "filter";
            code.Add(new Instruction(Ld, 4) { Label = $"arch{i}" });
            code.Add(new Instruction(Jeq, arch) { False = next });
            code.Add(new Instruction(Ld, 0));
            if (arch == AuditArchX86_64)
                code.Add(new Instruction(Jset, X32Bit) { True = $"x32_{i}" });
            code.Add(new Instruction(Jgt, native ?? uint.MaxValue) { True = "enosys", False = "filter" });
            if (arch == AuditArchX86_64)
                code.Add(new Instruction(Jgt, x32 ?? uint.MaxValue) { Label = $"x32_{i}", True = "enosys", False = "filter" });
        }
        code.Add(new Instruction(Ja, 0) { False = "filter" });
        code.Add(new Instruction(Ret, RetErrno | ENOSYS) { Label = "enosys" });
        return Assemble(code, filter);
    }

    /// <summary>One BPF instruction; its jumps name labels ("filter" is the filter's first instruction), none the next one.</summary>
    private sealed record Instruction(ushort Op, uint K)
    {
        public string? Label { get; init; }

        public string? True { get; init; }

        public string? False { get; init; }
    }

    private const ushort Ld = 0x20;    // BPF_LD | BPF_W | BPF_ABS
    private const ushort Jeq = 0x15;   // BPF_JMP | BPF_JEQ | BPF_K
    private const ushort Jgt = 0x25;   // BPF_JMP | BPF_JGT | BPF_K
    private const ushort Jset = 0x45;  // BPF_JMP | BPF_JSET | BPF_K
    private const ushort Ja = 0x05;    // BPF_JMP | BPF_JA: k is the offset
    private const ushort Ret = 0x06;   // BPF_RET | BPF_K

    /// <summary>The prefix, its labels resolved to relative jumps, then the filter.</summary>
    private static byte[] Assemble(List<Instruction> code, byte[] filter)
    {
        var positions = code.Select((instruction, index) => (instruction.Label, index)).Where(p => p.Label is not null)
            .ToDictionary(p => p.Label!, p => p.index);
        positions["filter"] = code.Count;
        int Offset(string? label, int at) => label is null ? 0 : positions[label] - at - 1;
        byte[] result = new byte[code.Count * 8 + filter.Length];
        for (int i = 0; i < code.Count; i++)
        {
            var instruction = code[i];
            var span = result.AsSpan(i * 8, 8);
            BinaryPrimitives.WriteUInt16LittleEndian(span, instruction.Op);
            if (instruction.Op == Ja)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(span[4..], (uint)Offset(instruction.False, i));
                continue;
            }
            span[2] = checked((byte)Offset(instruction.True, i));
            span[3] = checked((byte)Offset(instruction.False, i));
            BinaryPrimitives.WriteUInt32LittleEndian(span[4..], instruction.K);
        }
        filter.CopyTo(result, code.Count * 8);
        return result;
    }

    private static bool IsX32(uint token) => token == SeccompFilter.ArchitectureToken("x32");

    /// <summary>The AUDIT_ARCH value the kernel reports for a libseccomp token: libseccomp's x32 token is not one.</summary>
    private static uint AuditArchitecture(uint token) => IsX32(token) ? AuditArchX86_64 : token;

    private static uint FlagBits(List<string>? flags)
    {
        uint result = 0;
        foreach (string flag in flags ?? [])
        {
            result |= flag switch
            {
                "SECCOMP_FILTER_FLAG_TSYNC" => 0u,
                "SECCOMP_FILTER_FLAG_LOG" => 2u,
                "SECCOMP_FILTER_FLAG_SPEC_ALLOW" => 4u,
                _ => throw new HullException($"seccomp: unsupported flag {flag}", ErrorKind.InvalidArgument),
            };
        }
        return result;
    }

    private static uint Action(string? name, uint? errnoRet) => name switch
    {
        "SCMP_ACT_KILL" or "SCMP_ACT_KILL_THREAD" => 0x00000000,
        "SCMP_ACT_KILL_PROCESS" => 0x80000000,
        "SCMP_ACT_TRAP" => 0x00030000,
        "SCMP_ACT_ERRNO" => RetErrno | ((errnoRet ?? EPERM) & 0xffff),
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
