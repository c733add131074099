using System.Diagnostics;

namespace Hull.Tests.Engines;

/// <summary>
/// A private dockerd (Debian's docker.io: own data and exec roots, socket, no bridge or iptables, vfs storage) that
/// has hull as an extra runtime beside runc, with the busybox image imported. Started and stopped here; what dockerd
/// leaves on the host that was not there before (its cgroup parents, its key) goes with it.
/// </summary>
public sealed class DockerFixture : IDisposable
{
    public const string Image = "localhost/hull-busybox:test";

    /// <summary>Debian's client, whatever else $PATH holds.</summary>
    private const string Client = "/usr/bin/docker";

    private const string Key = "/etc/docker/key.json";

    private readonly Process _daemon;
    private readonly EngineCgroupParents _cgroupParents = new("docker");
    private readonly bool _keyBefore = File.Exists(Key);

    public DockerFixture()
    {
        Dir = Directory.CreateTempSubdirectory("hull-docker-").FullName;
        Socket = Path.Combine(Dir, "docker.sock");
        var info = new ProcessStartInfo("dockerd",
        [
            "--data-root", Path.Combine(Dir, "data"), "--exec-root", Path.Combine(Dir, "exec"), "--pidfile", Path.Combine(Dir, "docker.pid"),
            "--host", $"unix://{Socket}", "--iptables=false", "--ip6tables=false", "--bridge=none", "--storage-driver", "vfs",
            "--add-runtime", $"hull={Command.HullBinary}",
        ]) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        _daemon = Process.Start(info)!;
        _daemon.BeginErrorReadLine();
        _daemon.BeginOutputReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (Docker("version").ExitCode != 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "dockerd did not come up");
            Thread.Sleep(200);
        }
        var import = Docker("import", Command.BusyboxTarball(Dir), Image);
        Assert.True(import.ExitCode == 0, import.ToString());
    }

    public string Dir { get; }

    public string Socket { get; }

    public CommandResult Docker(params string[] args) => Command.Run([Client, "--host", $"unix://{Socket}", .. args]);

    /// <summary>`docker run` with <paramref name="runtime"/> ("runc" or "hull"), without a network.</summary>
    public CommandResult Run(string runtime, params string[] args) => Docker(["run", "--runtime", runtime, "--network", "none", .. args]);

    public void Dispose()
    {
        string ids = Docker("ps", "--all", "--quiet").Stdout;
        foreach (string id in ids.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            Docker("rm", "--force", id);
        Command.Run(["kill", "-TERM", _daemon.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        if (!_daemon.WaitForExit(TimeSpan.FromSeconds(30)))
            _daemon.Kill(entireProcessTree: true);
        // Network namespaces and shm mounts dockerd keeps under its roots.
        foreach (string mount in File.ReadAllLines("/proc/self/mounts").Select(l => l.Split(' ')[1]).Where(m => m.StartsWith(Dir, StringComparison.Ordinal)).Reverse())
            Command.Run(["umount", "-l", mount]);
        Directory.Delete(Dir, true);
        _cgroupParents.RemoveNew();
        if (!_keyBefore)
            File.Delete(Key);
    }
}
