using System.Diagnostics;

namespace Hull.Tests.Engines;

/// <summary>
/// A private containerd (own root, state and socket, started and stopped here) whose runc v2 shim
/// runs hull (ctr's --runc-binary sets the shim's BinaryName), with a busybox image imported.
/// </summary>
public sealed class ContainerdFixture : IDisposable
{
    public const string Image = "localhost/hull-busybox:test";
    private readonly Process _daemon;

    public ContainerdFixture()
    {
        Dir = Directory.CreateTempSubdirectory("hull-containerd-").FullName;
        Socket = Path.Combine(Dir, "containerd.sock");
        string config = Path.Combine(Dir, "config.toml");
        File.WriteAllText(config, $"""
            version = 2
            root = "{Dir}/root"
            state = "{Dir}/state"
            disabled_plugins = ["io.containerd.grpc.v1.cri"]
            [grpc]
              address = "{Socket}"
            """);
        var info = new ProcessStartInfo("containerd", ["--config", config]) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        _daemon = Process.Start(info)!;
        _daemon.BeginErrorReadLine();
        _daemon.BeginOutputReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (Ctr("version").ExitCode != 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "containerd did not come up");
            Thread.Sleep(100);
        }
        string oci = Path.Combine(Dir, "busybox-oci.tar");
        Assert.Equal(0, Command.Run(["sh", "-c", $"podman --root {Dir}/podman --runroot {Dir}/podman-run import {Command.BusyboxTarball(Dir)} {Image} >/dev/null && podman --root {Dir}/podman --runroot {Dir}/podman-run save --format oci-archive -o {oci} {Image}"]).ExitCode);
        var import = Ctr("images", "import", "--base-name", "localhost/hull-busybox", oci);
        Assert.True(import.ExitCode == 0, import.ToString());
    }

    public string Dir { get; }

    public string Socket { get; }

    public CommandResult Ctr(params string[] args) => Command.Run(["ctr", "--address", Socket, .. args]);

    /// <summary>`ctr run` with hull as the shim's runtime binary.</summary>
    public CommandResult Run(params string[] args) => Ctr(["run", "--runc-binary", Command.HullBinary, .. args]);

    public void Dispose()
    {
        foreach (string task in Ctr("task", "ls", "-q").Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            Ctr("task", "kill", "-s", "KILL", task);
            Thread.Sleep(200);
            Ctr("task", "delete", "--force", task);
        }
        foreach (string container in Ctr("containers", "ls", "-q").Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            Ctr("containers", "delete", container);
        _daemon.Kill(entireProcessTree: true);
        _daemon.WaitForExit();
        Command.Run(["sh", "-c", $"podman --root {Dir}/podman --runroot {Dir}/podman-run rmi --all --force; grep -o ' {Dir}[^ ]*' /proc/self/mountinfo | sort -r | xargs -r -n1 umount -l"]);
        Directory.Delete(Dir, true);
    }
}
