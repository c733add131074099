using System.Buffers.Binary;
using Hull.Cgroups;
using Hull.Spec;

namespace Hull.Tests.Unit.Cgroups;

public sealed class DeviceRulesTests
{
    [Fact]
    public void TheSpecsRulesComeFirstThenTheDefaults()
    {
        var rules = DeviceRules.ForContainer(
            [new LinuxDeviceCgroup { Allow = false, Access = "rwm" }, new LinuxDeviceCgroup { Allow = true, Type = "c", Major = 10, Minor = 229, Access = "r" }]);
        Assert.Equal("a", DeviceRules.Format(rules[0]));
        Assert.Equal("c 10:229 r", DeviceRules.Format(rules[1]));
        Assert.Equal("c *:* m", DeviceRules.Format(rules[2]));
        Assert.Contains(rules, r => DeviceRules.Format(r) == "c 136:* rwm");
    }

    [Fact]
    public void TheDefaultsGrantNoKernelMessagesNorConsole()
    {
        var granted = DeviceRules.ForContainer(null).Select(DeviceRules.Format).ToList();
        Assert.DoesNotContain("c 1:11 rwm", granted);
        Assert.DoesNotContain("c 5:1 rwm", granted);
    }

    [Fact]
    public void TheFilterChecksTheLastRuleFirstAndDeniesByDefault()
    {
        var program = DeviceFilter.Build([
            new LinuxDeviceCgroup { Allow = false, Access = "rwm" },
            new LinuxDeviceCgroup { Allow = true, Type = "c", Major = 1, Minor = 3, Access = "rw" },
        ]);
        // 6 loads, then the allow rule: type, access (mov, and, jne), major, minor, mov r0 1, exit;
        // then deny-all: mov r0 0, exit, which ends the program (no unreachable default for the verifier).
        Assert.Equal(6 + 8 + 2, program.Count);
        var allow = program.Skip(6).Take(8).ToList();
        Assert.Equal((byte)0x55, allow[0].Code);
        Assert.Equal(2, allow[0].Immediate);
        Assert.Equal(7, allow[0].Offset);
        Assert.Equal(1, allow[2].Immediate); // access & ~(r|w) == the mknod bit
        Assert.Equal(1, allow[4].Immediate); // major
        Assert.Equal(3, allow[5].Immediate); // minor
        Assert.Equal(1, allow[6].Immediate);
        Assert.Equal((byte)0x95, program[^1].Code);
    }

    [Fact]
    public void WithoutACatchAllTheDefaultDenies()
    {
        var program = DeviceFilter.Build([new LinuxDeviceCgroup { Allow = true, Type = "c", Major = 1, Minor = 3, Access = "rwm" }]);
        Assert.Equal(0, program[^2].Immediate);
        Assert.Equal((byte)0x95, program[^1].Code);
    }

    [Fact]
    public void InstructionsEncodeAsBpfInsn()
    {
        byte[] bytes = DeviceFilter.Encode([new DeviceFilter.Instruction(0x61, 4, 1, 4, 0), new DeviceFilter.Instruction(0xb7, 0, 0, 0, -1)]);
        Assert.Equal(16, bytes.Length);
        Assert.Equal(0x61, bytes[0]);
        Assert.Equal(0x14, bytes[1]);
        Assert.Equal(4, BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(2)));
        Assert.Equal(-1, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(12)));
    }

    [Fact]
    public void BadAccessIsRefused() =>
        Assert.Throws<CgroupException>(() => DeviceFilter.Build([new LinuxDeviceCgroup { Allow = true, Type = "c", Access = "rx" }]));
}
