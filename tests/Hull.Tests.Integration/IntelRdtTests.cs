using Hull.Cgroups;
using Hull.Spec;

namespace Hull.Tests.Integration;

/// <summary>Intel RDT on a host without resctrl (this one: its CPU has no RDT): refused at create, as runtime-spec asks.</summary>
public sealed class IntelRdtTests
{
    [Theory]
    [InlineData("gold", null, "intelRdt is specified in config, but Intel RDT is not enabled")]
    [InlineData(null, "L3:0=f", "intelRdt.l3CacheSchema is specified in config, but Intel RDT/CAT is not enabled")]
    public void IntelRdtIsRefusedWithoutResctrlAndTheIdStaysFree(string? closId, string? l3CacheSchema, string error)
    {
        Assert.SkipWhen(ResctrlMount.Find() is not null, "resctrl is mounted on this host");
        using var bundle = new TestBundle("true");
        bundle.Spec.Linux!.IntelRdt = new LinuxIntelRdt { ClosId = closId, L3CacheSchema = l3CacheSchema };

        var refused = bundle.Run();
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains($"hull run failed: {error}", refused.Stderr, StringComparison.Ordinal);
        HostState.AssertNothingLeft(bundle);

        bundle.Spec.Linux.IntelRdt = null;
        var result = bundle.Run();
        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [Fact]
    public void FeaturesSayWhetherIntelRdtCanBeUsedHere()
    {
        var features = System.Text.Json.JsonDocument.Parse(HullProcess.Run("features").Stdout).RootElement.GetProperty("linux").GetProperty("intelRdt");
        Assert.Equal(ResctrlMount.Find() is not null, features.GetProperty("enabled").GetBoolean());
        Assert.True(features.GetProperty("schemata").GetBoolean());
        Assert.True(features.GetProperty("monitoring").GetBoolean());
    }
}
