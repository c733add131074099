namespace Hull.Tests.Differential;

/// <summary>A scenario's run under both runtimes, compared after the intended differences were applied to runc's transcript.</summary>
public sealed record ScenarioOutcome(Scenario Scenario, string Runc, string Hull, IReadOnlyList<string> HullLeaks, IReadOnlyList<object> Applied)
{
    public static ScenarioOutcome Of(Scenario scenario)
    {
        string id = "d" + Guid.NewGuid().ToString("N")[..8];
        var runc = Sandbox.Run(scenario, RuntimeUnderTest.Runc, id);
        var hull = Sandbox.Run(scenario, RuntimeUnderTest.Hull, id);
        string runcText = InPlaceTerms(Transcript.Of(scenario, runc, RuntimeUnderTest.Runc), id);
        string hullText = InPlaceTerms(Transcript.Of(scenario, hull, RuntimeUnderTest.Hull), id);
        if (Environment.GetEnvironmentVariable("HULL_DIFF_TRANSCRIPTS") is { Length: > 0 } directory)
            KeepTranscripts(directory, scenario, runcText, hullText);
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

    /// <summary>The cgroups this test runs in, as a container's cgroup path starts with them under runc and hull alike.</summary>
    private static readonly string[] CallerCgroups = File.ReadAllLines("/proc/self/cgroup")
        .Select(line => line[(line.IndexOf(':', line.IndexOf(':') + 1) + 1)..].Trim('/'))
        .Where(path => path.Length > 0).Distinct().ToArray();

    /// <summary>
    /// The ids are fresh for each scenario and read as "ID"; the cgroup the tests run in depends on the machine, so
    /// paths under it read as if it were the root.
    /// </summary>
    private static string InPlaceTerms(string transcript, string id)
    {
        transcript = transcript.Replace(id, "ID", StringComparison.Ordinal);
        foreach (string caller in CallerCgroups)
            transcript = transcript.Replace("/" + caller + "/", "/", StringComparison.Ordinal);
        return transcript;
    }

    /// <summary>Both transcripts as files (NAME.runc, NAME.hull), to write rows of docs/compatibility.md from.</summary>
    private static void KeepTranscripts(string directory, Scenario scenario, string runc, string hull)
    {
        string stem = Path.Combine(directory, scenario.Name.Replace('/', '_'));
        Directory.CreateDirectory(directory);
        File.WriteAllText(stem + ".runc", runc);
        File.WriteAllText(stem + ".hull", hull);
    }

    /// <summary>The lines that differ, with a little context, as a unified diff of runc's transcript (-) against hull's (+).</summary>
    public string Describe() => $"{Scenario.Name}: hull differs from runc\n{LineDiff.Unified(Runc, Hull)}";
}
