using System.Text.Json;
using static Hull.Runtime.JsonParts;

namespace Hull.Runtime.Init;

/// <summary>
/// What the parent tells the managed init (or exec child) after bootstrap, as JSON in the Config packet (written by
/// hand, see <see cref="JsonParts"/>). Descriptors travel with the packet: the parent fills the descriptor
/// properties with slots (see <see cref="Lifecycle.PassedDescriptors"/>), and <see cref="Parse"/> gives the child the
/// numbers the descriptors got there.
/// </summary>
public sealed class InitConfig
{
    /// <summary>The container's config; for exec, only what a process needs of it (<see cref="Hull.Spec.ExecProcessConfig"/>).</summary>
    public required string SpecJson { get; init; }
    public required string ContainerId { get; init; }
    public required string Rootfs { get; init; }
    public bool NoPivot { get; init; }
    public bool NoNewKeyring { get; init; }
    public int PreserveFds { get; init; }

    /// <summary>True for `exec`: join a running container and exec at once, without building anything.</summary>
    public bool Exec { get; init; }

    /// <summary>Descriptor of the exec FIFO (O_PATH) the init waits on; -1 when it must exec at once.</summary>
    public int FifoFd { get; init; } = -1;

    /// <summary>The child's pid as the host sees it, for the seccomp agent's state.</summary>
    public int HostPid { get; init; }

    /// <summary>Descriptor of a connected socket to the seccomp agent (linux.seccomp.listenerPath); -1 without one.</summary>
    public int SeccompListenerFd { get; init; } = -1;

    /// <summary>For idmapped mounts, by mount index: the descriptor of the detached tree to attach.</summary>
    public Dictionary<string, int> IdmappedTreeFds { get; init; } = [];

    /// <summary>Descriptor of a connected unix socket to send the terminal's master end over; -1 without a terminal.</summary>
    public int ConsoleSocketFd { get; init; } = -1;

    /// <summary>Descriptors of the v1 <c>tasks</c> files the child's main thread writes "0" to, joining its cgroup itself.</summary>
    public IReadOnlyList<int> CgroupTaskFds { get; init; } = [];

    /// <summary>Whether the init creates a cgroup namespace, after it joined its cgroup.</summary>
    public bool NewCgroupNamespace { get; init; }
    public bool InUserNamespace { get; init; }

    /// <summary>Whether the container has a mount namespace (new or joined) in which to build the rootfs; without one, Hull only chroots.</summary>
    public bool MountNamespace { get; init; }

    /// <summary>Host directories of the container's cgroup by hierarchy name (mount point base name), for "cgroup" mounts.</summary>
    public Dictionary<string, string> CgroupHierarchies { get; init; } = [];

    /// <summary>
    /// Whether the child waits for the parent once ready to join its cgroup: the parent moves it into a cgroup2
    /// hierarchy meanwhile, or (create) runs prestart and createRuntime hooks. Without either, the round trip
    /// (CreateRuntimeHooks and HooksDone, or Ready and CgroupJoined) is left out.
    /// </summary>
    public bool WaitsForParent { get; init; } = true;

    /// <summary>Whether `start` follows at once (`run`): the init then keeps its file pages while it waits.</summary>
    public bool StartsAtOnce { get; init; }

    /// <summary>The OCI state passed to the createContainer and startContainer hooks.</summary>
    public string HookState { get; init; } = "";

    internal byte[] ToJson() =>
        WriteObject(json =>
        {
            json.WriteString("spec", SpecJson);
            json.WriteString("container_id", ContainerId);
            json.WriteString("rootfs", Rootfs);
            json.WriteBoolean("no_pivot", NoPivot);
            json.WriteBoolean("no_new_keyring", NoNewKeyring);
            json.WriteNumber("preserve_fds", PreserveFds);
            json.WriteBoolean("exec", Exec);
            json.WriteNumber("fifo_fd", FifoFd);
            json.WriteNumber("host_pid", HostPid);
            json.WriteNumber("seccomp_listener_fd", SeccompListenerFd);
            json.WriteStartObject("idmapped_tree_fds");
            foreach (var (mount, fd) in IdmappedTreeFds)
                json.WriteNumber(mount, fd);
            json.WriteEndObject();
            json.WriteNumber("console_socket_fd", ConsoleSocketFd);
            json.WriteStartArray("cgroup_task_fds");
            foreach (int fd in CgroupTaskFds)
                json.WriteNumberValue(fd);
            json.WriteEndArray();
            json.WriteBoolean("new_cgroup_namespace", NewCgroupNamespace);
            json.WriteBoolean("in_user_namespace", InUserNamespace);
            json.WriteBoolean("mount_namespace", MountNamespace);
            WriteMap(json, "cgroup_hierarchies", CgroupHierarchies);
            json.WriteString("hook_state", HookState);
            json.WriteBoolean("starts_at_once", StartsAtOnce);
            json.WriteBoolean("waits_for_parent", WaitsForParent);
        });

    /// <summary>Parses the configuration, turning descriptor slots into the numbers of <paramref name="descriptors"/>, as received with it.</summary>
    /// <exception cref="JsonException">The text is not an init configuration.</exception>
    internal static InitConfig Parse(ReadOnlyMemory<byte> utf8, IReadOnlyList<int> descriptors)
    {
        int Descriptor(int slot) => slot < 0 ? -1
            : slot < descriptors.Count ? descriptors[slot]
            : throw new JsonException($"descriptor slot {slot} of {descriptors.Count}");
        using var document = JsonDocument.Parse(utf8);
        var root = document.RootElement;
        return new InitConfig
        {
            SpecJson = RequiredString(root, "spec"),
            ContainerId = RequiredString(root, "container_id"),
            Rootfs = RequiredString(root, "rootfs"),
            NoPivot = Boolean(root, "no_pivot"),
            NoNewKeyring = Boolean(root, "no_new_keyring"),
            PreserveFds = Int32(root, "preserve_fds", 0),
            Exec = Boolean(root, "exec"),
            FifoFd = Descriptor(Int32(root, "fifo_fd", -1)),
            HostPid = Int32(root, "host_pid", 0),
            SeccompListenerFd = Descriptor(Int32(root, "seccomp_listener_fd", -1)),
            IdmappedTreeFds = root.TryGetProperty("idmapped_tree_fds", out var trees)
                ? trees.EnumerateObject().ToDictionary(p => p.Name, p => Descriptor(p.Value.GetInt32()), StringComparer.Ordinal)
                : [],
            ConsoleSocketFd = Descriptor(Int32(root, "console_socket_fd", -1)),
            CgroupTaskFds = root.TryGetProperty("cgroup_task_fds", out var tasks) ? [.. tasks.EnumerateArray().Select(slot => Descriptor(slot.GetInt32()))] : [],
            NewCgroupNamespace = Boolean(root, "new_cgroup_namespace"),
            InUserNamespace = Boolean(root, "in_user_namespace"),
            MountNamespace = Boolean(root, "mount_namespace"),
            CgroupHierarchies = root.TryGetProperty("cgroup_hierarchies", out var hierarchies) ? ReadMap(hierarchies) : [],
            HookState = OptionalString(root, "hook_state") ?? "",
            StartsAtOnce = Boolean(root, "starts_at_once"),
            WaitsForParent = Boolean(root, "waits_for_parent"),
        };
    }
}
