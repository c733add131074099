using System.Collections.Concurrent;

namespace Hull.Tests.Differential;

/// <summary>
/// Every scenario of <see cref="Catalogue"/> under runc and hull: the transcripts must be the same once the intended
/// differences of docs/compatibility.md are applied, and hull must leave nothing behind.
/// </summary>
public sealed class DifferentialTests
{
    private static readonly ConcurrentDictionary<string, Lazy<ScenarioOutcome>> Outcomes = new();

    /// <summary>Every scenario, or with HULL_DIFF_ONLY=prefix,prefix… those whose names start so (to iterate on a few).</summary>
    public static TheoryData<string> Names => [.. Catalogue.Selected.Select(s => s.Name)];

    [Theory]
    [MemberData(nameof(Names))]
    public void HullBehavesAsRunc(string name)
    {
        var scenario = Catalogue.ByName[name];
        if (scenario.Skip is not null)
            Assert.Skip(scenario.Skip);
        var outcome = OutcomeOf(scenario);
        Assert.True(outcome.HullLeaks.Count == 0, $"{name}: hull left {string.Join(", ", outcome.HullLeaks)}");
        Assert.True(outcome.Same, outcome.Describe());
    }

    [Fact]
    public void EveryIntendedDifferenceIsStillNeeded()
    {
        if (Catalogue.Selected.Count != Catalogue.All.Count)
            Assert.Skip("only some scenarios were selected (HULL_DIFF_ONLY)");
        var used = Catalogue.All.Where(s => s.Skip is null).SelectMany(s => OutcomeOf(s).Applied).ToHashSet();
        var unused = IntendedDifferences.All.Where(d => !used.Contains(d)).Select(d => $"{d.Scenarios}: `{d.Runc}`")
            .Concat(IntendedDifferences.Additions.Where(a => !used.Contains(a)).Select(a => $"addition `{a.Pattern}`"))
            .ToList();
        Assert.True(unused.Count == 0, $"{IntendedDifferences.File} lists differences no scenario shows any more:\n  " + string.Join("\n  ", unused));
    }

    [Fact]
    public void ScenarioNamesAreUniqueAndNamedByArea()
    {
        var duplicates = Catalogue.All.GroupBy(s => s.Name).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.Empty(duplicates);
        Assert.All(Catalogue.All, s => Assert.Contains('/', s.Name));
    }

    private static ScenarioOutcome OutcomeOf(Scenario scenario) =>
        Outcomes.GetOrAdd(scenario.Name, _ => new Lazy<ScenarioOutcome>(() => Settled(scenario))).Value;

    /// <summary>
    /// A scenario's outcome, run a second time when the first differs: runc's own timing varies (its Go runtime's
    /// start races its prlimit, a process it reaps may still be listed), and a difference must show twice to count.
    /// </summary>
    private static ScenarioOutcome Settled(Scenario scenario)
    {
        var first = ScenarioOutcome.Of(scenario);
        return first.Same && first.HullLeaks.Count == 0 ? first : ScenarioOutcome.Of(scenario);
    }
}
