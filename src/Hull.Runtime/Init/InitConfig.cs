using System.Text.Json.Serialization;

namespace Hull.Runtime.Init;

/// <summary>What the parent tells the managed init (or exec child) after bootstrap, as JSON in the Config packet.</summary>
public sealed class InitConfig
{
    /// <summary>The container's config; for exec, only what a process needs of it (<see cref="Hull.Spec.ExecProcessConfig"/>).</summary>
    [JsonPropertyName("spec")]
    public required string SpecJson { get; init; }

    [JsonPropertyName("container_id")]
    public required string ContainerId { get; init; }

    [JsonPropertyName("rootfs")]
    public required string Rootfs { get; init; }

    [JsonPropertyName("no_pivot")]
    public bool NoPivot { get; init; }

    [JsonPropertyName("no_new_keyring")]
    public bool NoNewKeyring { get; init; }

    [JsonPropertyName("preserve_fds")]
    public int PreserveFds { get; init; }

    /// <summary>True for `exec`: join a running container and exec at once, without building anything.</summary>
    [JsonPropertyName("exec")]
    public bool Exec { get; init; }

    /// <summary>Descriptor of the exec FIFO (O_PATH) the init waits on; -1 when it must exec at once.</summary>
    [JsonPropertyName("fifo_fd")]
    public int FifoFd { get; init; } = -1;

    /// <summary>The child's pid as the host sees it, for the seccomp agent's state.</summary>
    [JsonPropertyName("host_pid")]
    public int HostPid { get; init; }

    /// <summary>Descriptor of a connected socket to the seccomp agent (linux.seccomp.listenerPath); -1 without one.</summary>
    [JsonPropertyName("seccomp_listener_fd")]
    public int SeccompListenerFd { get; init; } = -1;

    /// <summary>For idmapped mounts, by mount index: the descriptor of the detached tree to attach.</summary>
    [JsonPropertyName("idmapped_tree_fds")]
    public Dictionary<string, int> IdmappedTreeFds { get; init; } = [];

    /// <summary>Descriptor of a connected unix socket to send the terminal's master end over; -1 without a terminal.</summary>
    [JsonPropertyName("console_socket_fd")]
    public int ConsoleSocketFd { get; init; } = -1;

    /// <summary>Whether the init creates a cgroup namespace, after the parent moved it into its cgroup.</summary>
    [JsonPropertyName("new_cgroup_namespace")]
    public bool NewCgroupNamespace { get; init; }

    [JsonPropertyName("in_user_namespace")]
    public bool InUserNamespace { get; init; }

    /// <summary>Whether the container has a mount namespace (new or joined) in which to build the rootfs; without one, Hull only chroots.</summary>
    [JsonPropertyName("mount_namespace")]
    public bool MountNamespace { get; init; }

    /// <summary>Host directories of the container's cgroup by hierarchy name (mount point base name), for "cgroup" mounts.</summary>
    [JsonPropertyName("cgroup_hierarchies")]
    public Dictionary<string, string> CgroupHierarchies { get; init; } = [];

    /// <summary>The OCI state passed to the createContainer and startContainer hooks.</summary>
    [JsonPropertyName("hook_state")]
    public string HookState { get; init; } = "";
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(InitConfig))]
internal sealed partial class InitJsonContext : JsonSerializerContext;
