namespace Hull.Tests;

/// <summary>
/// The global flags every hull command of a suite gets: $HULL_TEST_GLOBAL_FLAGS, e.g. "--systemd-cgroup" where the
/// suite runs under systemd (tests/vm/suites.sh).
/// </summary>
public static class TestFlags
{
    public static IReadOnlyList<string> Global { get; } =
        (Environment.GetEnvironmentVariable("HULL_TEST_GLOBAL_FLAGS") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Whether the suite drives the systemd cgroup driver, whose cgroupsPath is "slice:prefix:name".</summary>
    public static bool SystemdCgroup => Global.Contains("--systemd-cgroup");
}
