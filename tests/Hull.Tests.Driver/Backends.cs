using Hull.Driver;

namespace Hull.Tests.Driver;

/// <summary>The backends the library suite runs against: Hull, and the runtimes speaking runc's command line that this host has.</summary>
public static class Backends
{
    private static readonly Dictionary<string, string> Binaries = new(StringComparer.Ordinal)
    {
        ["runc"] = "/usr/sbin/runc",
        ["crun"] = "/usr/bin/crun",
        ["runsc"] = "/usr/bin/runsc",
    };

    /// <summary>
    /// gVisor will not set up networking in the host's network namespace, which the tests' configs leave the container
    /// in the path of: no network at all.
    /// </summary>
    private static readonly Dictionary<string, string[]> GlobalArguments = new(StringComparer.Ordinal)
    {
        ["runsc"] = ["--network=none"],
    };

    /// <summary>Every backend, by name, for a theory.</summary>
    public static TheoryData<string> Each => ["hull", .. Binaries.Keys, "lxc"];

    // The differences between backends that the suite expects, each with its reason (see also BackendFeatures).

    /// <summary>
    /// The status of a process killed by <paramref name="signal"/>: gVisor's sandbox, and LXC's lxc-execute, exit with
    /// 128 plus the signal.
    /// </summary>
    public static ExitStatus KilledBy(string backend, int signal) => backend is "runsc" or "lxc" ? new ExitStatus(128 + signal, null, false) : new ExitStatus(null, signal, false);

    /// <summary>
    /// Gives the host time to reap what a failed command of another runtime left: its processes are reparented here
    /// without anyone waiting for them, and the host's sweep of adopted zombies reaps them within two seconds. Hull's
    /// are reaped before the failure is reported, so nothing waits for it.
    /// </summary>
    public static async Task WaitForReaping(string backend, Func<bool> leftovers)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (backend != "hull" && leftovers() && DateTime.UtcNow < deadline)
            await Task.Delay(100, Within.Test);
    }

    /// <summary>
    /// How a stop ends an init without a SIGTERM handler: Linux does not deliver the signal to a pid namespace's init,
    /// so the stop's SIGKILL ends it; gVisor delivers it.
    /// </summary>
    public static ExitStatus StoppedWithoutHandler(string backend) => backend == "runsc" ? new ExitStatus(128 + 15, null, false) : new ExitStatus(null, 9, false);

    /// <summary>How busybox `tty` names a terminal of the container's: gVisor's /proc does not name it.</summary>
    public static string TtyName(string backend, int number) => backend == "runsc" ? "not a tty" : $"/dev/pts/{number}";

    /// <summary>
    /// Skips a test where the backend cannot run containers here at all: crun refuses the hybrid cgroup layout, and a
    /// guest image (tests/vm) may not carry every runtime.
    /// </summary>
    public static void SkipWhereUnusable(string backend)
    {
        if (Binary(backend) is { } binary)
            Assert.SkipWhen(!File.Exists(binary), $"{binary} is not installed here");
        Assert.SkipWhen(backend == "lxc" && TestFlags.SystemdCgroup, "LXC places containers in cgroups itself, not in systemd's units");
        Assert.SkipWhen(backend == "crun" && HybridCgroups,
            "crun refuses the hybrid cgroup layout (\"cgroups in hybrid mode not supported, drop all controllers from cgroupv2\")");
    }

    /// <summary>
    /// The container processes an idle container of one process has: LXC's init runs above it as pid 1.
    /// </summary>
    public static int Processes(string backend, int own) => backend == "lxc" ? own + 1 : own;

    /// <summary>
    /// Skips what LXC cannot be asked for: it always makes a pid namespace (with the host's it cannot set up /dev), and
    /// it starts the process only at start, so a program that cannot run ends the container with a status instead of
    /// failing create.
    /// </summary>
    public static void SkipForLxc(string backend, string why) => Assert.SkipWhen(backend == "lxc", $"LXC {why}");

    /// <summary>
    /// Whether a failed create leaves no cgroup: gVisor's sandbox, still exiting when runsc reports the failure, makes
    /// its memory cgroup after runsc (and the library after it) has removed what was there.
    /// </summary>
    public static bool FailedCreateLeavesNoCgroup(string backend) => backend != "runsc";

    private static bool HybridCgroups =>
        File.Exists("/sys/fs/cgroup/unified/cgroup.controllers") && File.ReadAllText("/sys/fs/cgroup/unified/cgroup.controllers").Trim().Length > 0;

    /// <summary>The state directory of a backend's containers.</summary>
    public static string Root(string backend) => backend == "hull" ? "/run/hull" : $"/run/hull-test-{backend}";

    /// <summary>The runtime binary of a backend; null for Hull.</summary>
    public static string? Binary(string backend) => backend switch { "hull" => null, "lxc" => "/usr/bin/lxc-execute", _ => Binaries[backend] };

    /// <summary>The flags a backend's runtime is given before every command.</summary>
    public static string[] Arguments(string backend) => GlobalArguments.GetValueOrDefault(backend, []);

    public static HostOptions Options(string backend) => new()
    {
        HullExecutable = Environment.GetEnvironmentVariable("HULL_BINARY"),
        SystemdCgroup = TestFlags.SystemdCgroup,
        Backend = backend switch
        {
            "hull" => ContainerBackend.Hull,
            "lxc" => ContainerBackend.Lxc(lxcPath: Root(backend)),
            _ => ContainerBackend.OciRuntime(Binaries[backend], Root(backend), Arguments(backend)),
        },
    };
}
