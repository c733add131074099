using System.Text;

namespace Hull.Tests.Engines.Cri;

/// <summary>
/// Kubernetes' path to hull: containerd's CRI plugin driven through the CRI API as the kubelet drives it (a pod
/// sandbox, a container in it with limits, exec, logs, stats, stop and removal), once with the "runc" handler and once
/// with "hull" in the same run; what the CRI reports must be the same, and nothing of the pod may be left.
/// </summary>
[Collection("containerd")]
public sealed class CriTests(CriFixture cri) : IClassFixture<CriFixture>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public void APodLivesAndGoesAsUnderRunc()
    {
        string runc = PodSession("runc");
        string hull = PodSession("hull");
        Assert.Contains("exec: exit 3\n67108864\n512\n", runc, StringComparison.Ordinal);
        Assert.Equal(runc, hull);
    }

    /// <summary>What the CRI answers through a pod's life under <paramref name="handler"/>, and what is left afterwards.</summary>
    private string PodSession(string handler)
    {
        var runtime = cri.Runtime;
        string logs = Path.Combine(cri.Dir, "logs", handler);
        Directory.CreateDirectory(logs);
        var sandbox = new PodSandboxConfig
        {
            Metadata = new PodSandboxMetadata { Name = $"pod-{handler}", Uid = Guid.NewGuid().ToString(), Namespace = "default" },
            LogDirectory = logs,
            Linux = new LinuxPodSandboxConfig
            {
                SecurityContext = new LinuxSandboxSecurityContext { NamespaceOptions = new NamespaceOption { Network = NamespaceMode.Node } },
            },
        };
        var transcript = new StringBuilder();
        string pod = runtime.RunPodSandbox(new RunPodSandboxRequest { Config = sandbox, RuntimeHandler = handler }, deadline: Soon()).PodSandboxId;
        string container = runtime.CreateContainer(new CreateContainerRequest
        {
            PodSandboxId = pod,
            SandboxConfig = sandbox,
            Config = new ContainerConfig
            {
                Metadata = new ContainerMetadata { Name = "main" },
                Image = new ImageSpec { Image = CriFixture.Image },
                Command = { "sh", "-c", "echo hello from the pod; trap 'echo stopping; exit 0' TERM; sleep 1000 & wait" },
                LogPath = "main.log",
                Linux = new LinuxContainerConfig { Resources = new LinuxContainerResources { MemoryLimitInBytes = 64 << 20, CpuShares = 512 } },
            },
        }, deadline: Soon()).ContainerId;
        runtime.StartContainer(new StartContainerRequest { ContainerId = container }, deadline: Soon());
        transcript.Append($"status: {Status(container)}\n");

        var exec = runtime.ExecSync(new ExecSyncRequest
        {
            ContainerId = container,
            Cmd = { "sh", "-c", "cat /sys/fs/cgroup/memory/memory.limit_in_bytes /sys/fs/cgroup/cpu/cpu.shares; exit 3" },
            Timeout = 10,
        }, deadline: Soon());
        transcript.Append($"exec: exit {exec.ExitCode}\n{exec.Stdout.ToStringUtf8()}{exec.Stderr.ToStringUtf8()}");

        var stats = runtime.ContainerStats(new ContainerStatsRequest { ContainerId = container }, deadline: Soon()).Stats;
        transcript.Append($"stats: memory {stats.Memory.WorkingSetBytes.Value > 0}, cpu {stats.Cpu.UsageCoreNanoSeconds is not null}\n");

        runtime.StopContainer(new StopContainerRequest { ContainerId = container, Timeout = 10 }, deadline: Soon());
        var stopped = runtime.ContainerStatus(new ContainerStatusRequest { ContainerId = container }, deadline: Soon()).Status;
        transcript.Append($"stopped: {stopped.State} {stopped.ExitCode} {stopped.Reason}\n");
        // CRI's log format: time, stream, P(artial) or F(ull), the line.
        transcript.Append("log:\n").AppendJoin('\n', File.ReadAllLines(Path.Combine(logs, "main.log")).Select(l => string.Join(' ', l.Split(' ').Skip(1)))).Append('\n');

        runtime.RemoveContainer(new RemoveContainerRequest { ContainerId = container }, deadline: Soon());
        runtime.StopPodSandbox(new StopPodSandboxRequest { PodSandboxId = pod }, deadline: Soon());
        runtime.RemovePodSandbox(new RemovePodSandboxRequest { PodSandboxId = pod }, deadline: Soon());
        transcript.Append($"left in the runtime's root: {Left(cri.RuntimeRoot(handler))}\n");
        transcript.Append($"cgroups left: {Directory.EnumerateDirectories("/sys/fs/cgroup").Count(h => Directory.Exists(Path.Combine(h, "k8s.io", container)) || Directory.Exists(Path.Combine(h, "k8s.io", pod)))}\n");
        return transcript.ToString();
    }

    private string Status(string container) => cri.Runtime.ContainerStatus(new ContainerStatusRequest { ContainerId = container }, deadline: Soon()).Status.State.ToString();

    /// <summary>Container state directories left under a runtime root (by namespace).</summary>
    private static int Left(string root) =>
        Directory.Exists(root) ? Directory.EnumerateDirectories(root).Sum(ns => Directory.EnumerateDirectories(ns).Count()) : 0;

    private static DateTime Soon() => DateTime.UtcNow + Deadline;
}
