using Hull.Cgroups;
using Hull.Spec;

namespace Hull.Tests.Unit.Cgroups;

public sealed class V1DeviceEmulatorTests
{
    private static List<string> Writes(string current, IEnumerable<LinuxDeviceCgroup> rules) =>
        [.. V1DeviceEmulator.Parse(current).TransitionTo(V1DeviceEmulator.Of(rules)).Select(w => (w.Allow ? "allow " : "deny ") + w.Rule)];

    [Fact]
    public void ANewCgroupGetsTheDefaultsInRuncsOrder()
    {
        var writes = Writes("a *:* rwm", DeviceRules.ForContainer(null));

        // What runc 1.1.5 leaves in devices.list: by major, then minor, then type, "*" before any number.
        Assert.Equal(
            ["deny a", "allow b *:* m", "allow c *:* m", "allow c 1:3 rwm", "allow c 1:5 rwm", "allow c 1:7 rwm", "allow c 1:8 rwm",
             "allow c 1:9 rwm", "allow c 5:0 rwm", "allow c 5:2 rwm", "allow c 10:200 rwm", "allow c 136:* rwm"],
            writes);
    }

    [Fact]
    public void RulesMergeAndLaterOnesNarrowEarlierOnes()
    {
        var rules = new[]
        {
            new LinuxDeviceCgroup { Allow = false, Access = "rwm" },
            new LinuxDeviceCgroup { Allow = true, Type = "c", Major = 10, Minor = 237, Access = "r" },
            new LinuxDeviceCgroup { Allow = true, Type = "c", Major = 10, Minor = 237, Access = "w" },
            new LinuxDeviceCgroup { Allow = true, Type = "b", Major = 8, Minor = 0, Access = "rwx" },
            new LinuxDeviceCgroup { Allow = false, Type = "b", Major = 8, Minor = 0, Access = "w" },
        };

        Assert.Equal(["deny a", "allow b 8:0 r", "allow c 10:237 rw"], Writes("a *:* rwm", rules));
    }

    [Fact]
    public void AnUpdateWritesOnlyWhatChanges()
    {
        string current = "c 1:3 rwm\nc 1:5 rwm\nc 10:200 rwm";
        var rules = new[]
        {
            new LinuxDeviceCgroup { Allow = false, Access = "rwm" },
            new LinuxDeviceCgroup { Allow = true, Type = "c", Major = 1, Minor = 3, Access = "rwm" },
            new LinuxDeviceCgroup { Allow = true, Type = "c", Major = 1, Minor = 5, Access = "r" },
            new LinuxDeviceCgroup { Allow = true, Type = "c", Major = 1, Minor = 9, Access = "rwm" },
        };

        Assert.Equal(["deny c 1:5 wm", "deny c 10:200 rwm", "allow c 1:9 rwm"], Writes(current, rules));
        Assert.Empty(Writes("c 1:3 rwm\nc 1:5 r\nc 1:9 rwm", rules));
    }
}
