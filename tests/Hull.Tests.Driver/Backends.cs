using Hull.Driver;

namespace Hull.Tests.Driver;

/// <summary>The backends the library suite runs against: Hull, and the runtimes speaking runc's command line that this host has.</summary>
public static class Backends
{
    private static readonly Dictionary<string, string> Binaries = new(StringComparer.Ordinal)
    {
        ["runc"] = "/usr/sbin/runc",
        ["crun"] = "/usr/bin/crun",
    };

    /// <summary>Every backend, by name, for a theory.</summary>
    public static TheoryData<string> Each => ["hull", .. Binaries.Keys];

    /// <summary>Skips a test where the backend cannot run containers on this host at all.</summary>
    public static void SkipWhereUnusable(string backend) =>
        Assert.SkipWhen(backend == "crun" && HybridCgroups,
            "crun refuses the hybrid cgroup layout (\"cgroups in hybrid mode not supported, drop all controllers from cgroupv2\")");

    private static bool HybridCgroups =>
        File.Exists("/sys/fs/cgroup/unified/cgroup.controllers") && File.ReadAllText("/sys/fs/cgroup/unified/cgroup.controllers").Trim().Length > 0;

    /// <summary>The state directory of a backend's containers.</summary>
    public static string Root(string backend) => backend == "hull" ? "/run/hull" : $"/run/hull-test-{backend}";

    /// <summary>The runtime binary of a backend; null for Hull.</summary>
    public static string? Binary(string backend) => backend == "hull" ? null : Binaries[backend];

    public static HostOptions Options(string backend) => new()
    {
        HullExecutable = Environment.GetEnvironmentVariable("HULL_BINARY"),
        SystemdCgroup = TestFlags.SystemdCgroup,
        Backend = backend == "hull" ? ContainerBackend.Hull : ContainerBackend.OciRuntime(Binaries[backend], Root(backend)),
    };
}
