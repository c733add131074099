using System.Runtime.InteropServices;
using Hull.Cgroups;
using Hull.Linux;
using Hull.Runtime.Hooks;
using Hull.Runtime.Child;
using Hull.Runtime.Protocol;
using Hull.Runtime.Store;
using Hull.Spec;
using LinuxConfig = Hull.Spec.Linux;

namespace Hull.Runtime.Parent;

/// <summary>
/// `create`: bundle → state directory → cgroup → init process waiting on the exec FIFO → state.json.
/// Every step is undone when a later one fails.
/// </summary>
internal sealed class ContainerCreator
{
    private readonly StateStore _store;
    private readonly RuntimeOptions _options;

    public ContainerCreator(StateStore store, RuntimeOptions options)
    {
        _store = store;
        _options = options;
    }

    /// <summary>
    /// Creates the container; with a terminal, its master end is sent over <paramref name="consoleSocket"/>.
    /// With <paramref name="startsAtOnce"/> (`run`), start follows at once: the init waits for it on its sync channel,
    /// which the result hands on, rather than on an exec FIFO, and need not give memory back meanwhile.
    /// </summary>
    public CreatedContainer Create(CreateOptions request, SafeHandle? consoleSocket, bool startsAtOnce = false)
    {
        // The child execs and loads meanwhile, up to its native stage, which waits for the namespaces to enter.
        using var starting = ChildLauncher.Spawn(new LaunchRequest
        {
            Role = "init",
            Binary = _options.ChildBinary,
            Stdio = request.Stdio,
            PreserveFds = request.InheritedFds,
        });
        string bundle = Path.GetFullPath(request.Bundle);
        var spec = LoadSpec(bundle, request.Spec);
        if (request.Terminal is bool terminal)
            (spec.Process ??= new Process()).Terminal = terminal;
        if (spec.Process?.Terminal == true && consoleSocket is null)
            throw new HullException("cannot allocate tty if hull will detach without setting console socket", ErrorKind.InvalidArgument);
        string rootfs = Path.GetFullPath(spec.Root?.Path ?? "rootfs", bundle);
        SocketActivation.PassTo(spec.Process, request.ListenFds);
        SecurityLabels.Warn(spec.Process, spec.Linux);
        if (!Directory.Exists(rootfs))
            throw new HullException($"rootfs {rootfs} does not exist", ErrorKind.InvalidArgument);

        using var directory = _store.CreateNew(request.Id);
        ICgroupManager? cgroup = null;
        LaunchedChild? child = null;
        try
        {
            var cgroups = new CgroupFactory();
            cgroup = cgroups.ForContainer(spec.Linux?.CgroupsPath, request.Id, _options.SystemdCgroup);
            // The child enters its namespaces and starts its runtime meanwhile: everything up to the configuration
            // it is sent is prepared in parallel with that.
            bool forkedIntoCgroup2 = starting.Bootstrap(spec,
                !_options.Rootless && ForkIntoCgroupAllowed(spec) ? cgroup.OpenForkDirectory(StartChargeable(spec)) : null);
            // The directories exist before the init mounts them (and joins them, once its setup is done); like runc,
            // a rootless container without a delegated cgroup runs without one.
            if (!TryCreateDirectories(cgroup))
            {
                if (Syscall.EffectiveUid() == 0)
                    throw new HullException($"create cgroup {string.Join(", ", cgroup.Paths.Values)}: permission denied");
                cgroup = null;
            }
            using var cgroupJoin = cgroup?.OpenSelfJoin(forkedIntoCgroup2) ?? CgroupJoinFiles.None;
            string specJson = SpecLoader.Serialize(spec, indented: false);
            Syscall.WriteFile(directory.ConfigFile, System.Text.Encoding.UTF8.GetBytes(specJson));
            // `run` starts the init over its sync channel instead.
            if (!startsAtOnce)
                CreateExecFifo(directory.ExecFifo, spec.Linux);
            var record = new ContainerRecord
            {
                Id = request.Id,
                Bundle = bundle,
                Rootfs = rootfs,
                Created = DateTimeOffset.UtcNow,
                Annotations = spec.Annotations,
                Cgroup = cgroup?.State ?? new CgroupState(),
                SystemdCgroup = _options.SystemdCgroup,
                Rootless = _options.Rootless,
                Poststart = spec.Hooks?.Poststart,
                Poststop = spec.Hooks?.Poststop,
            };
            using (var fifo = startsAtOnce ? null : Syscall.Open(directory.ExecFifo, Syscall.O_PATH | Syscall.O_CLOEXEC))
            using (var listener = SeccompListener.Connect(spec.Linux?.Seccomp))
            using (var idmapped = IdmappedMounts.Prepare(spec, _options.ChildBinary))
            {
                var passed = new PassedDescriptors();
                var slots = new DescriptorSlots(
                    passed.Add(fifo),
                    passed.Add(spec.Process?.Terminal == true ? consoleSocket : null),
                    passed.Add(listener),
                    idmapped.ByMount.ToDictionary(m => m.Key, m => passed.Add(m.Value)),
                    [.. cgroupJoin.TaskFiles.Select(passed.Add)]);
                child = starting.Complete();
                record.InitPid = child.Pid;
                Configure(child, passed, slots, spec, specJson, record, request, cgroups.Mounts, cgroup, cgroupJoin, startsAtOnce);
            }
            record.InitStartTime = ProcessIdentity.ReadStartTime(child.Pid) ?? throw new HullException("container init exited during setup");
            // After the init is set up and before the user process runs, as runc does: a tight memory or pids
            // limit then constrains the container's process, not the runtime's own setup.
            cgroup?.Set(ResourcesFor(spec, _options.Rootless));
            directory.Save(record);
            if (request.PidFile is not null)
                PidFile.Write(request.PidFile, child.Pid);
            if (startsAtOnce)
                return new CreatedContainer(record, spec, child.Channel);
            child.Channel.Dispose();
            return new CreatedContainer(record, spec, null);
        }
        catch
        {
            if (child is not null)
            {
                ChildLauncher.KillAndReap(child.Pid);
                child.Channel.Dispose();
            }
            starting.Dispose();
            cgroup?.Destroy();
            directory.Remove();
            throw;
        }
    }

    private static RuntimeSpec LoadSpec(string bundle, RuntimeSpec? given)
    {
        try
        {
            // A given spec is copied, so what the caller later changes does not reach the container.
            var spec = given is null
                ? SpecLoader.Load(Path.Combine(bundle, "config.json"))
                : SpecLoader.Copy(given);
            foreach (var warning in SpecValidator.ValidateOrThrow(spec, bundle))
                RuntimeLog.Warning($"{warning.Path}: {warning.Message}");
            return spec;
        }
        catch (SpecException e)
        {
            throw new HullException(e.Message, ErrorKind.InvalidArgument, e);
        }
    }

    /// <summary>The spec's resources, with the device rules every container needs added (left alone when rootless).</summary>
    private static LinuxResources ResourcesFor(RuntimeSpec spec, bool rootless)
    {
        var given = spec.Linux?.Resources ?? new LinuxResources();
        return new LinuxResources
        {
            Cpu = given.Cpu,
            Memory = given.Memory,
            Pids = given.Pids,
            BlockIO = given.BlockIO,
            HugepageLimits = given.HugepageLimits,
            Network = given.Network,
            Rdma = given.Rdma,
            Unified = given.Unified,
            Devices = rootless ? null : DeviceRules.ForContainer(given.Devices, spec.Linux?.Devices),
        };
    }

    /// <summary>Sends the init its configuration, moves it into its cgroup, and serves its requests until it is ready.</summary>
    private static void Configure(LaunchedChild child, PassedDescriptors passed, DescriptorSlots slots, RuntimeSpec spec, string specJson, ContainerRecord record, CreateOptions request, IReadOnlyList<CgroupMount> mounts, ICgroupManager? cgroup, CgroupJoinFiles cgroupJoin, bool startsAtOnce)
    {
        bool mountNamespace = spec.Linux?.Namespaces?.Any(n => n.Type == "mount") == true;
        var config = new ChildConfig
        {
            SpecJson = specJson,
            ContainerId = record.Id,
            Rootfs = record.Rootfs,
            NoPivot = request.NoPivot,
            NoNewKeyring = request.NoNewKeyring,
            PreserveFds = request.InheritedFds,
            HostPid = child.Pid,
            FifoFd = slots.Fifo,
            ConsoleSocketFd = slots.Console,
            SeccompListenerFd = slots.SeccompListener,
            IdmappedTreeFds = slots.IdmappedTrees.ToDictionary(m => m.Key.ToString(), m => m.Value),
            CgroupTaskFds = slots.CgroupTasks,
            InUserNamespace = spec.Linux?.Namespaces?.Any(n => n.Type == "user") == true,
            NewCgroupNamespace = spec.Linux?.Namespaces?.Any(n => n.Type == "cgroup" && string.IsNullOrEmpty(n.Path)) == true,
            MountNamespace = mountNamespace,
            CgroupHierarchies = cgroup is null ? [] : CgroupHierarchies(mounts, cgroup),
            HookState = OciState.Json(record, ContainerStatus.Created),
            StartsAtOnce = startsAtOnce,
            // The init asks for the runtime hooks, and waits for them, only when they or the move need the time.
            WaitsForParent = (cgroup is not null && !cgroupJoin.CoverEveryHierarchy) || spec.Hooks?.Prestart is { Count: > 0 } || spec.Hooks?.CreateRuntime is { Count: > 0 },
        };
        child.Channel.Send(SyncMessage.Config, config.ToJson(), passed.Handles);
        // The init's main thread joins the v1 hierarchies itself, once its setup is done, so that the setup's
        // memory stays charged to Hull; the parent moves it into the others (cgroup2) it was not forked into.
        cgroup?.Apply(child.Pid, cgroupJoin);
        while (true)
        {
            var (type, payload) = child.Channel.Receive();
            switch (type)
            {
                case SyncMessage.CreateRuntimeHooks:
                    string state = OciState.Json(record, ContainerStatus.Created);
                    HookRunner.RunAll(spec.Hooks?.Prestart, state, "prestart");
                    HookRunner.RunAll(spec.Hooks?.CreateRuntime, state, "createRuntime");
                    child.Channel.Send(SyncMessage.HooksDone);
                    break;
                case SyncMessage.Ready:
                    return;
                default:
                    throw SyncChannel.Unexpected(type, payload, "container init");
            }
        }
    }

    /// <summary>
    /// Whether the init's own start (about 1 MiB) may be charged to the container's memory: with no memory limit, or
    /// one of at least <see cref="ChargeableLimit"/>, where it is a small part. Under a smaller limit the init is moved
    /// into the memory-accounting cgroup once its start is done, so that a container can still run in 256 KiB.
    /// </summary>
    private static bool StartChargeable(RuntimeSpec spec) =>
        spec.Linux?.Resources?.Memory?.Limit is not { } limit || limit < 0 || limit >= ChargeableLimit;

    private const long ChargeableLimit = 64L << 20;

    /// <summary>
    /// Whether the native stage may fork the container process into a cgroup2 directory: not from inside a user
    /// namespace, where the kernel checks the fork against the stage's credentials there.
    /// </summary>
    internal static bool ForkIntoCgroupAllowed(RuntimeSpec spec) =>
        spec.Linux?.Namespaces?.Any(n => n.Type == "user") != true;

    private static Dictionary<string, string> CgroupHierarchies(IReadOnlyList<CgroupMount> mounts, ICgroupManager cgroup)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var mount in mounts)
        {
            if (cgroup.Paths.TryGetValue(mount.Key, out string? path))
                result[mount.Unified && mounts.All(m => m.Unified) ? "" : Path.GetFileName(mount.MountPoint)] = path;
        }
        return result;
    }

    /// <summary>Creates the cgroup's directories; false when this user may not (rootless, not delegated), leaving nothing behind.</summary>
    private static bool TryCreateDirectories(ICgroupManager cgroup)
    {
        try
        {
            foreach (string path in cgroup.Paths.Values)
                Directory.CreateDirectory(path);
            return true;
        }
        catch (UnauthorizedAccessException)
        {
            foreach (string path in cgroup.Paths.Values)
            {
                try
                {
                    Directory.Delete(path);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                }
            }
            return false;
        }
    }

    /// <summary>The FIFO belongs to the container's root, so an init inside a user namespace may open it.</summary>
    private static void CreateExecFifo(string path, LinuxConfig? linux)
    {
        Syscall.MkFifo(path, 0b110_010_010);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite);
        Syscall.Chown(path, HostIdOfRoot(linux?.UidMappings), HostIdOfRoot(linux?.GidMappings));
    }

    private static uint HostIdOfRoot(IEnumerable<LinuxIdMapping>? mappings) =>
        mappings?.FirstOrDefault(m => m.ContainerId == 0 && m.Size > 0)?.HostId ?? 0;

}

/// <summary>
/// A container just created: what was stored, the config it was created from, and for `run` the init's sync channel,
/// over which it is started at once rather than through an exec FIFO.
/// </summary>
internal sealed record CreatedContainer(ContainerRecord Record, RuntimeSpec Spec, SyncChannel? StartChannel);

/// <summary>Where the init finds its exec FIFO, console socket, seccomp listener and idmapped mount trees (by mount index) among the passed descriptors.</summary>
internal readonly record struct DescriptorSlots(int Fifo, int Console, int SeccompListener, Dictionary<int, int> IdmappedTrees, IReadOnlyList<int> CgroupTasks);
