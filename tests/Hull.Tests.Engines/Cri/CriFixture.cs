using System.Diagnostics;
using System.Net.Sockets;
using Grpc.Net.Client;

namespace Hull.Tests.Engines.Cri;

/// <summary>
/// A private containerd with its CRI plugin, as a Kubernetes node has it: runtime handlers "runc" and "hull" (the runc
/// v2 shim, each with its BinaryName and its own state root), a sandbox image and the busybox image imported from
/// local tarballs, and a CRI client over its socket. What containerd leaves on the host that was not there before
/// (its cgroup parents) goes with it.
/// </summary>
public sealed class CriFixture : IDisposable
{
    public const string Image = "localhost/hull-busybox:test";
    private const string SandboxImage = "localhost/hull-pause:test";

    private readonly Process _daemon;
    private readonly GrpcChannel _channel;
    private readonly EngineCgroupParents _cgroupParents = new("k8s.io");

    public CriFixture()
    {
        Dir = Directory.CreateTempSubdirectory("hull-cri-").FullName;
        Socket = Path.Combine(Dir, "containerd.sock");
        string config = Path.Combine(Dir, "config.toml");
        const string Cri = "plugins.\"io.containerd.grpc.v1.cri\"";
        File.WriteAllText(config, $"""
            version = 2
            root = "{Dir}/root"
            state = "{Dir}/state"
            [grpc]
              address = "{Socket}"
            [{Cri}]
              sandbox_image = "{SandboxImage}"
              # Pods ask for a lower OOM score than a host without CAP_SYS_RESOURCE can give.
              restrict_oom_score_adj = true
              stream_server_address = "127.0.0.1"
              stream_server_port = "0"
              [{Cri}.cni]
                bin_dir = "{Dir}/cni/bin"
                conf_dir = "{Dir}/cni/conf"
              [{Cri}.containerd]
                default_runtime_name = "runc"
                [{Cri}.containerd.runtimes.runc]
                  runtime_type = "io.containerd.runc.v2"
                  [{Cri}.containerd.runtimes.runc.options]
                    BinaryName = "/usr/sbin/runc"
                    Root = "{RuntimeRoot("runc")}"
                [{Cri}.containerd.runtimes.hull]
                  runtime_type = "io.containerd.runc.v2"
                  [{Cri}.containerd.runtimes.hull.options]
                    BinaryName = "{Command.HullBinary}"
                    Root = "{RuntimeRoot("hull")}"
            """);
        var info = new ProcessStartInfo("containerd", ["--config", config]) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        _daemon = Process.Start(info)!;
        _daemon.BeginErrorReadLine();
        _daemon.BeginOutputReadLine();
        _channel = GrpcChannel.ForAddress("http://containerd", new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler
            {
                ConnectCallback = async (_, cancel) =>
                {
                    var socket = new System.Net.Sockets.Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(Socket), cancel).ConfigureAwait(false);
                    return new NetworkStream(socket, ownsSocket: true);
                },
            },
        });
        Runtime = new RuntimeService.RuntimeServiceClient(_channel);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (Ctr("version").ExitCode != 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "containerd did not come up");
            Thread.Sleep(100);
        }
        string tarball = Command.BusyboxTarball(Dir);
        Import(Image, "", tarball);
        // The pause container only has to stay up until the pod is stopped.
        Import(SandboxImage, "--change 'CMD [\"/bin/sleep\", \"1000000000\"]'", tarball);
    }

    public string Dir { get; }

    public string Socket { get; }

    public RuntimeService.RuntimeServiceClient Runtime { get; }

    /// <summary>The state root the shim gives <paramref name="handler"/>'s binary (its --root), under which containers live by namespace.</summary>
    public string RuntimeRoot(string handler) => Path.Combine(Dir, "runtime-" + handler);

    public CommandResult Ctr(params string[] args) => Command.Run(["ctr", "--address", Socket, "--namespace", "k8s.io", .. args]);

    public void Dispose()
    {
        _channel.Dispose();
        foreach (string task in Ctr("task", "ls", "-q").Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            Ctr("task", "delete", "--force", task);
        _daemon.Kill(entireProcessTree: true);
        _daemon.WaitForExit();
        Command.Run(["sh", "-c", $"podman --root {Dir}/podman --runroot {Dir}/podman-run rmi --all --force; grep -o ' {Dir}[^ ]*' /proc/self/mountinfo | sort -r | xargs -r -n1 umount -l"]);
        Directory.Delete(Dir, true);
        _cgroupParents.RemoveNew();
    }

    /// <summary>An image built with podman from the busybox tarball, saved as an OCI archive and imported for CRI.</summary>
    private void Import(string image, string changes, string tarball)
    {
        string archive = Path.Combine(Dir, $"{Guid.NewGuid():N}.tar");
        string podman = $"podman --root {Dir}/podman --runroot {Dir}/podman-run";
        var built = Command.Run(["sh", "-c", $"{podman} import {changes} {tarball} {image} >/dev/null && {podman} save --format oci-archive -o {archive} {image}"]);
        Assert.True(built.ExitCode == 0, built.ToString());
        var import = Ctr("images", "import", "--base-name", image.Split(':')[0], archive);
        Assert.True(import.ExitCode == 0, import.ToString());
    }
}
