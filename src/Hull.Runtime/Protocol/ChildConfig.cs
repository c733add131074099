using System.Text.Json;
using static Hull.Runtime.JsonParts;
using Hull.Spec;

namespace Hull.Runtime.Protocol;

/// <summary>
/// What the parent tells the managed init (or exec child) after bootstrap, as JSON in the Config packet (written by
/// hand, see <see cref="JsonParts"/>). Descriptors travel with the packet: the parent fills the descriptor
/// properties with slots (see <see cref="PassedDescriptors"/>), and <see cref="Parse"/> gives the child the
/// numbers the descriptors got there.
/// </summary>
public sealed class ChildConfig
{
    /// <summary>The container's config; for exec, only what a process needs of it (<see cref="ExecProcessConfig"/>).</summary>
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

    /// <summary>
    /// Whether `start` follows at once (`run`): the init then waits for Start on its sync channel, without an exec
    /// FIFO, and keeps its file pages meanwhile.
    /// </summary>
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
    internal static ChildConfig Parse(ReadOnlyMemory<byte> utf8, IReadOnlyList<int> descriptors)
    {
        int Descriptor(int slot) => slot < 0 ? -1
            : slot < descriptors.Count ? descriptors[slot]
            : throw new JsonException($"descriptor slot {slot} of {descriptors.Count}");
        string? spec = null, containerId = null, rootfs = null, hookState = null;
        bool noPivot = false, noNewKeyring = false, exec = false, newCgroupNamespace = false, inUserNamespace = false;
        bool mountNamespace = false, startsAtOnce = false, waitsForParent = false;
        int preserveFds = 0, fifoFd = -1, hostPid = 0, seccompListenerFd = -1, consoleSocketFd = -1;
        Dictionary<string, int> idmappedTreeFds = [];
        List<int> cgroupTaskFds = [];
        Dictionary<string, string> cgroupHierarchies = [];
        ReadDocument(utf8.Span, (string name, ref Utf8JsonReader value) =>
        {
            switch (name)
            {
                case "spec": spec = String(ref value); break;
                case "container_id": containerId = String(ref value); break;
                case "rootfs": rootfs = String(ref value); break;
                case "no_pivot": noPivot = Boolean(ref value); break;
                case "no_new_keyring": noNewKeyring = Boolean(ref value); break;
                case "preserve_fds": preserveFds = value.GetInt32(); break;
                case "exec": exec = Boolean(ref value); break;
                case "fifo_fd": fifoFd = Descriptor(value.GetInt32()); break;
                case "host_pid": hostPid = value.GetInt32(); break;
                case "seccomp_listener_fd": seccompListenerFd = Descriptor(value.GetInt32()); break;
                case "idmapped_tree_fds":
                    ReadObject(ref value, (string index, ref Utf8JsonReader slot) => idmappedTreeFds[index] = Descriptor(slot.GetInt32()));
                    break;
                case "console_socket_fd": consoleSocketFd = Descriptor(value.GetInt32()); break;
                case "cgroup_task_fds": cgroupTaskFds = ReadList(ref value, (ref Utf8JsonReader slot) => Descriptor(slot.GetInt32())); break;
                case "new_cgroup_namespace": newCgroupNamespace = Boolean(ref value); break;
                case "in_user_namespace": inUserNamespace = Boolean(ref value); break;
                case "mount_namespace": mountNamespace = Boolean(ref value); break;
                case "cgroup_hierarchies": cgroupHierarchies = ReadMap(ref value); break;
                case "hook_state": hookState = String(ref value); break;
                case "starts_at_once": startsAtOnce = Boolean(ref value); break;
                case "waits_for_parent": waitsForParent = Boolean(ref value); break;
            }
        });
        return new ChildConfig
        {
            SpecJson = Required(spec, "spec"),
            ContainerId = Required(containerId, "container_id"),
            Rootfs = Required(rootfs, "rootfs"),
            NoPivot = noPivot,
            NoNewKeyring = noNewKeyring,
            PreserveFds = preserveFds,
            Exec = exec,
            FifoFd = fifoFd,
            HostPid = hostPid,
            SeccompListenerFd = seccompListenerFd,
            IdmappedTreeFds = idmappedTreeFds,
            ConsoleSocketFd = consoleSocketFd,
            CgroupTaskFds = cgroupTaskFds,
            NewCgroupNamespace = newCgroupNamespace,
            InUserNamespace = inUserNamespace,
            MountNamespace = mountNamespace,
            CgroupHierarchies = cgroupHierarchies,
            HookState = hookState ?? "",
            StartsAtOnce = startsAtOnce,
            WaitsForParent = waitsForParent,
        };
    }
}
