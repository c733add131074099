namespace Hull.Tests.Differential;

/// <summary>A scenario's run under both runtimes, compared after the intended differences were applied to runc's transcript.</summary>
public sealed record ScenarioOutcome(Scenario Scenario, string Runc, string Hull, IReadOnlyList<string> HullLeaks, IReadOnlyList<object> Applied)
{
    public static ScenarioOutcome Of(Scenario scenario)
    {
        string id = "d" + Guid.NewGuid().ToString("N")[..8];
        var runc = Sandbox.Run(scenario, RuntimeUnderTest.Runc, id);
        var hull = Sandbox.Run(scenario, RuntimeUnderTest.Hull, id);
        string runcText = Transcript.Of(scenario, runc, RuntimeUnderTest.Runc);
        string hullText = Transcript.Of(scenario, hull, RuntimeUnderTest.Hull);
        var applied = new List<object>();
        foreach (var addition in IntendedDifferences.Additions)
        {
            if (!addition.Pattern.IsMatch(hullText))
                continue;
            hullText = addition.Pattern.Replace(hullText, "");
            applied.Add(addition);
        }
        foreach (var difference in IntendedDifferences.All.Where(d => d.AppliesTo(scenario)))
        {
            if (!runcText.Contains(difference.Runc, StringComparison.Ordinal))
                continue;
            runcText = runcText.Replace(difference.Runc, difference.Hull, StringComparison.Ordinal);
            applied.Add(difference);
        }
        return new ScenarioOutcome(scenario, runcText, hullText, hull.Leaks, applied);
    }

    public bool Same => Runc == Hull;

    /// <summary>The lines that differ, with a little context, as a unified diff of runc's transcript (-) against hull's (+).</summary>
    public string Describe() => $"{Scenario.Name}: hull differs from runc\n{LineDiff.Unified(Runc, Hull)}";
}
