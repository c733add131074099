using System.Buffers.Binary;
using Hull.Spec;

namespace Hull.Cgroups;

/// <summary>
/// Builds the eBPF program (BPF_PROG_TYPE_CGROUP_DEVICE) that stands in for v1's devices.allow/deny on cgroup v2.
/// The program gets a struct bpf_cgroup_dev_ctx { u32 access_type; u32 major; u32 minor; } in R1, where
/// access_type is (access &lt;&lt; 16) | type, and returns 1 to allow, 0 to deny.
///
///     R2 = type, R3 = access, R4 = major, R5 = minor
///     for each rule, last first (a later rule overrides an earlier one, as in v1):
///         if the rule's type/major/minor differ, or it does not cover the access: skip to the next rule
///         return allow ? 1 : 0
///     return 0                       (left out when a rule matching everything already returned)
/// </summary>
public static class DeviceFilter
{
    // Device types and access bits of the kernel's BPF_DEVCG_* constants.
    private const int TypeBlock = 1;
    private const int TypeChar = 2;
    private const int AccessMknod = 1;
    private const int AccessRead = 2;
    private const int AccessWrite = 4;

    // Opcodes (class | op | source).
    private const byte LdxMemW = 0x61;     // BPF_LDX | BPF_MEM | BPF_W
    private const byte Alu32AndK = 0x54;   // BPF_ALU | BPF_AND | BPF_K
    private const byte Alu32RshK = 0x74;   // BPF_ALU | BPF_RSH | BPF_K
    private const byte Alu32MovX = 0xbc;   // BPF_ALU | BPF_MOV | BPF_X
    private const byte Alu64MovK = 0xb7;   // BPF_ALU64 | BPF_MOV | BPF_K
    private const byte JmpJneK = 0x55;     // BPF_JMP | BPF_JNE | BPF_K
    private const byte JmpJeqK = 0x15;     // BPF_JMP | BPF_JEQ | BPF_K
    private const byte Exit = 0x95;        // BPF_JMP | BPF_EXIT

    /// <summary>One eBPF instruction.</summary>
    public readonly record struct Instruction(byte Code, byte Dst, byte Src, short Offset, int Immediate);

    /// <summary>The program for the rules, as instructions.</summary>
    public static List<Instruction> Build(IReadOnlyList<LinuxDeviceCgroup> rules)
    {
        var program = new List<Instruction>
        {
            new(LdxMemW, 2, 1, 0, 0),
            new(Alu32AndK, 2, 0, 0, 0xFFFF),
            new(LdxMemW, 3, 1, 0, 0),
            new(Alu32RshK, 3, 0, 0, 16),
            new(LdxMemW, 4, 1, 4, 0),
            new(LdxMemW, 5, 1, 8, 0),
        };
        for (int i = rules.Count - 1; i >= 0; i--)
        {
            var block = Block(rules[i]);
            program.AddRange(block);
            // A rule that matches everything ends the program: the verifier refuses unreachable instructions.
            if (block.Count == 2)
                return program;
        }
        program.Add(new Instruction(Alu64MovK, 0, 0, 0, 0));
        program.Add(new Instruction(Exit, 0, 0, 0, 0));
        return program;
    }

    /// <summary>The program as the bytes BPF_PROG_LOAD takes (little-endian struct bpf_insn).</summary>
    public static byte[] Encode(IReadOnlyList<Instruction> program)
    {
        byte[] bytes = new byte[program.Count * 8];
        for (int i = 0; i < program.Count; i++)
        {
            var insn = program[i];
            var slot = bytes.AsSpan(i * 8, 8);
            slot[0] = insn.Code;
            slot[1] = (byte)((insn.Src << 4) | (insn.Dst & 0xF));
            BinaryPrimitives.WriteInt16LittleEndian(slot[2..], insn.Offset);
            BinaryPrimitives.WriteInt32LittleEndian(slot[4..], insn.Immediate);
        }
        return bytes;
    }

    /// <summary>The access bits of an "rwm" string.</summary>
    public static int AccessBits(string? access)
    {
        if (string.IsNullOrEmpty(access))
            return AccessMknod | AccessRead | AccessWrite;
        int bits = 0;
        foreach (char c in access)
        {
            bits |= c switch
            {
                'r' => AccessRead,
                'w' => AccessWrite,
                'm' => AccessMknod,
                _ => throw new CgroupException($"invalid device access {access}: only r, w and m are allowed"),
            };
        }
        return bits;
    }

    /// <summary>
    /// The checks of one rule, each jumping past the block's return on mismatch. An allow rule must cover every
    /// requested access bit; a deny rule applies when it covers any of them.
    /// </summary>
    private static List<Instruction> Block(LinuxDeviceCgroup rule)
    {
        bool allow = rule.Allow == true;
        var checks = new List<(Instruction Insn, bool Jumps)>();
        string type = string.IsNullOrEmpty(rule.Type) ? "a" : rule.Type;
        if (type != "a")
        {
            int typeValue = type switch
            {
                "b" => TypeBlock,
                "c" => TypeChar,
                _ => throw new CgroupException($"invalid device type {rule.Type}: only a, b and c are allowed"),
            };
            checks.Add((new Instruction(JmpJneK, 2, 0, 0, typeValue), true));
        }
        int access = AccessBits(rule.Access);
        if (access != 7)
        {
            checks.Add((new Instruction(Alu32MovX, 1, 3, 0, 0), false));
            checks.Add(allow
                ? (new Instruction(Alu32AndK, 1, 0, 0, ~access & 7), false)
                : (new Instruction(Alu32AndK, 1, 0, 0, access), false));
            checks.Add(allow
                ? (new Instruction(JmpJneK, 1, 0, 0, 0), true)
                : (new Instruction(JmpJeqK, 1, 0, 0, 0), true));
        }
        if (rule.Major is long major && major >= 0)
            checks.Add((new Instruction(JmpJneK, 4, 0, 0, (int)major), true));
        if (rule.Minor is long minor && minor >= 0)
            checks.Add((new Instruction(JmpJneK, 5, 0, 0, (int)minor), true));

        var block = new List<Instruction>();
        int total = checks.Count + 2;
        for (int i = 0; i < checks.Count; i++)
        {
            var (insn, jumps) = checks[i];
            // A jump's offset counts from the next instruction to just past this block's exit.
            block.Add(jumps ? insn with { Offset = (short)(total - i - 1) } : insn);
        }
        block.Add(new Instruction(Alu64MovK, 0, 0, 0, allow ? 1 : 0));
        block.Add(new Instruction(Exit, 0, 0, 0, 0));
        return block;
    }
}
