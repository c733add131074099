namespace Hull.Tests.Engines;

/// <summary>
/// podman with hull as its OCI runtime, on private storage so the host's images and containers are
/// untouched; a busybox image is imported once. Everything is removed at the end.
/// </summary>
public sealed class PodmanFixture : IDisposable
{
    public const string Image = "localhost/hull-busybox:test";

    public PodmanFixture()
    {
        Dir = Directory.CreateTempSubdirectory("hull-podman-").FullName;
        var import = Podman("import", Command.BusyboxTarball(Dir), Image);
        Assert.True(import.ExitCode == 0, import.ToString());
    }

    public string Dir { get; }

    /// <summary>
    /// podman driving hull. This host cannot raise rlimits (no CAP_SYS_RESOURCE), and podman's defaults
    /// raise them, so every run lowers them explicitly; cgroupfs, since the host has no systemd.
    /// </summary>
    public CommandResult Podman(params string[] args) => PodmanWith(Command.HullBinary, args);

    public CommandResult Run(params string[] args) => RunWith(Command.HullBinary, args);

    /// <summary>`podman run` with another runtime, for comparing Hull with runc.</summary>
    public CommandResult RunWith(string runtime, params string[] args) =>
        PodmanWith(runtime, ["run", "--ulimit", "nofile=20000:20000", "--ulimit", "nproc=4096:4096", .. args]);

    private CommandResult PodmanWith(string runtime, string[] args) => Command.Run([
        "podman", "--root", Path.Combine(Dir, "storage"), "--runroot", Path.Combine(Dir, "run"),
        "--cgroup-manager", "cgroupfs", "--events-backend", "file", "--runtime", runtime, .. args]);

    public void Dispose()
    {
        Podman("rm", "--all", "--force");
        Podman("rmi", "--all", "--force");
        Command.Run(["umount", "-R", Path.Combine(Dir, "storage")]);
        Directory.Delete(Dir, true);
    }
}
