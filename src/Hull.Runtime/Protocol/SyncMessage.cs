namespace Hull.Runtime.Protocol;

/// <summary>
/// The packets of the conversation between hull (the parent) and a container child, over one SOCK_SEQPACKET socket:
/// a type byte, then the payload. The values are shared with native/channel.h.
/// </summary>
/// <remarks>
/// <code>
///  parent (ParentEnd)                  native stage (bootstrap.c)      managed child (ChildEnd)        last mile (lastmile.c)
///  ------------------                  --------------------------      ------------------------        ----------------------
///  spawn the protected hull, HULL_BOOTSTRAP_FD
///  Bootstrap {records, cgroup fd} ----> join / create namespaces
///             &lt;------------------------ UsernsReady {pid}   (new user namespace only)
///  write the id maps
///  MapsDone  --------------------------> become root in it
///             &lt;------------------------ ChildPid {pid}      (the stage exits; the child's .NET starts)
///  Config {json | memfd, fds} -------------------------------------> init: rootfs, mounts, devices, v1 cgroups
///                                                                     exec: v1 cgroups
///  (moves the child into cgroup2 meanwhile)
///             &lt;------------------------------------------------- CreateRuntimeHooks (init, when asked)
///  prestart and createRuntime hooks
///  HooksDone  -----------------------------------------------------> cgroup namespace, createContainer hooks,
///                                                                     pivot_root, sysctls, masks, console
///  CgroupJoined (exec, when asked) --------------------------------> console
///             &lt;------------------------------------------------------------------------------------ Ready
///  rlimits (prlimit), cgroup resources
///  Run (when asked) -------------------------------------------------------------------------------> seccomp, caps,
///                                                                                                     user, cwd,
///                                                                                                     program lookup
///             &lt;------------------------------------------------------------------------------------ Created
///  create: state.json, done            (the last mile closes the channel, waits on the exec FIFO)
///  run:    Start --------------------------------------------------------------------------------->  (closes it)
///  exec:   (nothing to send)
///  run, exec: wait for the end of the channel                                                        startContainer hooks
///                                                                                                     execve
/// </code>
/// Any step may answer Error {text} (NativeError {errno, text} from the native stage) instead; the parent then
/// undoes everything. Before Ready a failure is the init's own ("error during container init"); from Ready on it is
/// one of starting the process. The child waits for the parent only where the configuration says so
/// (<see cref="ChildConfig.WaitsForParent"/>, <see cref="ChildConfig.WaitsForRun"/>).
/// </remarks>
public enum SyncMessage : byte
{
    /// <summary>Not a packet: the peer closed its end.</summary>
    Closed = 0,
    Bootstrap = 1,
    UsernsReady = 2,
    MapsDone = 3,
    ChildPid = 4,
    NativeError = 5,
    Config = 10,
    CreateRuntimeHooks = 11,
    HooksDone = 12,
    Ready = 13,
    Error = 14,
    CgroupJoined = 15,
    Start = 16,
    Run = 17,
    Created = 18,
}
