using Hull.Spec;
using Hull.Spec.Json;

namespace Hull.Runtime.Protocol;

/// <summary>What the child becomes: a container's init, or a process exec'd into a running container.</summary>
public enum ChildRole
{
    Init,
    Exec,
}

/// <summary>How the last mile learns that the process may start (see <see cref="SyncMessage"/>).</summary>
public enum StartSignal
{
    /// <summary>exec: at once.</summary>
    None,

    /// <summary>create: `hull start` opens the exec FIFO.</summary>
    Fifo,

    /// <summary>run: Start on the channel.</summary>
    Channel,
}

/// <summary>
/// What the parent tells the managed child in the Config packet. Descriptors travel with the packet: the parent
/// fills the descriptor properties with slots (see <see cref="PassedDescriptors"/>), and the child's end turns them
/// into the numbers the descriptors got there (-1 stays "none").
/// </summary>
public sealed class ChildConfig
{
    public static readonly ObjectCodec<ChildConfig> Codec = new ObjectCodec<ChildConfig>()
        .Add("role", JsonScalars.String, x => x.Role.ToString(), (x, v) => x.Role = Enum.Parse<ChildRole>(v ?? nameof(ChildRole.Init)))
        .Add("spec", RuntimeSpec.Codec, x => x.Spec, (x, v) => x.Spec = v ?? new RuntimeSpec())
        .Add("containerId", JsonScalars.String, x => x.ContainerId, (x, v) => x.ContainerId = v ?? "")
        .Add("rootfs", JsonScalars.String, x => x.Rootfs, (x, v) => x.Rootfs = v ?? "")
        .Add("noPivot", JsonScalars.Boolean, x => x.NoPivot, (x, v) => x.NoPivot = v ?? false)
        .Add("noNewKeyring", JsonScalars.Boolean, x => x.NoNewKeyring, (x, v) => x.NoNewKeyring = v ?? false)
        .Add("preserveFds", JsonScalars.Int32, x => x.PreserveFds, (x, v) => x.PreserveFds = v ?? 0)
        .Add("start", JsonScalars.String, x => x.Start.ToString(), (x, v) => x.Start = Enum.Parse<StartSignal>(v ?? nameof(StartSignal.None)))
        .Add("hostPid", JsonScalars.Int32, x => x.HostPid, (x, v) => x.HostPid = v ?? 0)
        .Add("fifoFd", JsonScalars.Int32, x => x.FifoFd, (x, v) => x.FifoFd = v ?? -1)
        .Add("consoleSocketFd", JsonScalars.Int32, x => x.ConsoleSocketFd, (x, v) => x.ConsoleSocketFd = v ?? -1)
        .Add("seccompListenerFd", JsonScalars.Int32, x => x.SeccompListenerFd, (x, v) => x.SeccompListenerFd = v ?? -1)
        .Add("mountTreeFds", new MapCodec<int>(JsonScalars.Int32), x => x.MountTreeFds, (x, v) => x.MountTreeFds = v ?? [])
        .Add("cgroupTaskFds", new ListCodec<int>(JsonScalars.Int32), x => x.CgroupTaskFds, (x, v) => x.CgroupTaskFds = v ?? [])
        .Add("rdtTaskFds", new ListCodec<int>(JsonScalars.Int32), x => x.RdtTaskFds, (x, v) => x.RdtTaskFds = v ?? [])
        .Add("newCgroupNamespace", JsonScalars.Boolean, x => x.NewCgroupNamespace, (x, v) => x.NewCgroupNamespace = v ?? false)
        .Add("inUserNamespace", JsonScalars.Boolean, x => x.InUserNamespace, (x, v) => x.InUserNamespace = v ?? false)
        .Add("mountNamespace", JsonScalars.Boolean, x => x.MountNamespace, (x, v) => x.MountNamespace = v ?? false)
        .Add("cgroupHierarchies", JsonScalars.StringMap, x => x.CgroupHierarchies, (x, v) => x.CgroupHierarchies = v ?? [])
        .Add("hookState", State.Codec, x => x.HookState, (x, v) => x.HookState = v ?? new State())
        .Add("waitsForParent", JsonScalars.Boolean, x => x.WaitsForParent, (x, v) => x.WaitsForParent = v ?? false)
        .Add("waitsForRun", JsonScalars.Boolean, x => x.WaitsForRun, (x, v) => x.WaitsForRun = v ?? false);

    public ChildRole Role { get; set; }

    /// <summary>The container's config; for exec, the process and what of <c>linux</c> a single process needs.</summary>
    public RuntimeSpec Spec { get; set; } = new();

    public string ContainerId { get; set; } = "";

    public string Rootfs { get; set; } = "";

    public bool NoPivot { get; set; }

    public bool NoNewKeyring { get; set; }

    public int PreserveFds { get; set; }

    public StartSignal Start { get; set; }

    /// <summary>The child's pid as the host sees it, for the seccomp agent's state.</summary>
    public int HostPid { get; set; }

    /// <summary>The exec FIFO (O_PATH) the init waits on for start; -1 without one.</summary>
    public int FifoFd { get; set; } = -1;

    /// <summary>A connected socket to send the terminal's master over; -1 without a terminal.</summary>
    public int ConsoleSocketFd { get; set; } = -1;

    /// <summary>A connected socket to the seccomp agent (linux.seccomp.listenerPath); -1 without one.</summary>
    public int SeccompListenerFd { get; set; } = -1;

    /// <summary>
    /// For bind mounts the parent cloned, by mount index: the detached tree to attach, idmapped (IdmappedMounts) or
    /// a source only the host's root can reach (BindSources).
    /// </summary>
    public Dictionary<string, int> MountTreeFds { get; set; } = [];

    /// <summary>The v1 <c>tasks</c> files the child's main thread writes "0" to, joining its cgroup itself.</summary>
    public List<int> CgroupTaskFds { get; set; } = [];

    /// <summary>The resctrl <c>tasks</c> files (Intel RDT group, then MON group) the main thread joins the same way.</summary>
    public List<int> RdtTaskFds { get; set; } = [];

    /// <summary>Whether the init creates a cgroup namespace, after it joined its cgroup.</summary>
    public bool NewCgroupNamespace { get; set; }

    public bool InUserNamespace { get; set; }

    /// <summary>Whether the container has a mount namespace (new or joined) to build the rootfs in; without one, only chroot.</summary>
    public bool MountNamespace { get; set; }

    /// <summary>Host directories of the container's cgroup by hierarchy name (mount point base name), for "cgroup" mounts.</summary>
    public Dictionary<string, string> CgroupHierarchies { get; set; } = [];

    /// <summary>The OCI state the createContainer and startContainer hooks read (its pid and status are the child's to set).</summary>
    public State HookState { get; set; } = new();

    /// <summary>
    /// Whether the child waits for the parent before Ready: init, for the runtime's hooks and a move into cgroup2
    /// (CreateRuntimeHooks, HooksDone); exec, for that move (CgroupJoined).
    /// </summary>
    public bool WaitsForParent { get; set; }

    /// <summary>Whether the last mile waits for Run after Ready, while the parent sets rlimits and cgroup resources.</summary>
    public bool WaitsForRun { get; set; }

    /// <summary>The descriptor in each slot property, from the slots' numbers to those the descriptors got here.</summary>
    internal void ResolveSlots(IReadOnlyList<int> descriptors)
    {
        int Resolve(int slot) => slot < 0 ? -1
            : slot < descriptors.Count ? descriptors[slot]
            : throw new HullException($"descriptor slot {slot} of {descriptors.Count} in the child's configuration");
        FifoFd = Resolve(FifoFd);
        ConsoleSocketFd = Resolve(ConsoleSocketFd);
        SeccompListenerFd = Resolve(SeccompListenerFd);
        MountTreeFds = MountTreeFds.ToDictionary(p => p.Key, p => Resolve(p.Value));
        CgroupTaskFds = [.. CgroupTaskFds.Select(Resolve)];
        RdtTaskFds = [.. RdtTaskFds.Select(Resolve)];
    }
}
