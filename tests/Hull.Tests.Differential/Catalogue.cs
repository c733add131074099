using Hull.Tests.Differential.Scenarios;

namespace Hull.Tests.Differential;

/// <summary>Every scenario, from the tables of Scenarios/.</summary>
public static class Catalogue
{
    public static IReadOnlyList<Scenario> All { get; } =
    [
        .. Global.All,
        .. Flags.All,
        .. Commands.All,
        .. ProcessArea.All,
        .. MountArea.All,
        .. HookArea.All,
        .. SeccompArea.All,
        .. CgroupArea.All,
        .. IntelRdtArea.All,
        .. NamespaceArea.All,
    ];

    public static IReadOnlyDictionary<string, Scenario> ByName { get; } = All.GroupBy(s => s.Name).ToDictionary(g => g.Key, g => g.First());

    public static IReadOnlyList<Scenario> Selected { get; } = Environment.GetEnvironmentVariable("HULL_DIFF_ONLY") is { Length: > 0 } only
        ? [.. All.Where(s => only.Split(',').Any(prefix => s.Name.StartsWith(prefix, StringComparison.Ordinal)))]
        : All;
}
