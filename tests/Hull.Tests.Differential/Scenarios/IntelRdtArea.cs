using static Hull.Tests.Differential.Scenarios.Config;

namespace Hull.Tests.Differential.Scenarios;

/// <summary>linux.intelRdt on a host without resctrl (no CPU here has RDT), and what a refused create leaves of the id.</summary>
internal static class IntelRdtArea
{
    private static Scenario Run(string name, object intelRdt) =>
        new(name, "$R run -d $ID", "$R list -q") { Config = And(Sleeping, $".linux.intelRdt = {Json(intelRdt)}") };

    public static IEnumerable<Scenario> All =>
    [
        Run("intelrdt/closid", new { closID = "gold" }),
        Run("intelrdt/closid-default", new { closID = "/" }),
        Run("intelrdt/closid-invalid", new { closID = "a/b" }),
        Run("intelrdt/l3-cache-schema", new { l3CacheSchema = "L3:0=f" }),
        Run("intelrdt/mem-bw-schema", new { memBwSchema = "MB:0=50" }),
        Run("intelrdt/schemata", new { schemata = new[] { "L3:0=f" } }),
        Run("intelrdt/monitoring", new { enableMonitoring = true }),
        Run("intelrdt/empty", new { }),
        // The id of a create refused before it made anything is free again at once.
        new("intelrdt/refused-then-same-id", "$R run -d $ID", "cp config.json $T/c && jq 'del(.linux.intelRdt)' $T/c > config.json", "$R run -d $ID",
            "$R list -q")
        { Config = And(Sleeping, ".linux.intelRdt = {\"l3CacheSchema\": \"L3:0=f\"}") },
        new("cgroups/unified-on-v1-then-same-id", "$R run -d $ID", "cp config.json $T/c && jq 'del(.linux.resources.unified)' $T/c > config.json", "$R run -d $ID",
            "$R list -q")
        { Config = And(Sleeping, ".linux.resources.unified = {\"memory.min\": \"131072\"}") },
    ];
}
