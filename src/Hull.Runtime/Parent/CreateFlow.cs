using System.Runtime.InteropServices;
using Hull.Cgroups;
using Hull.Linux;
using Hull.Runtime.Hooks;
using Hull.Runtime.Protocol;
using Hull.Runtime.Store;
using Hull.Spec;

namespace Hull.Runtime.Parent;

/// <summary>
/// `create` (and `run`'s create): bundle → state directory and record → cgroup → the init, spoken to over its
/// <see cref="ParentEnd"/> until it is created. A failure undoes every step before it is reported. Where hull itself
/// dies (kill -9), every step has left a record the next `delete --force` finishes from:
/// <list type="number">
/// <item>before anything exists on the host, state.json says "creating" with the cgroup's paths: delete removes the
/// cgroup by them (none there is fine);</item>
/// <item>once the init exists, it is recorded by pid and start time: delete kills that process, and no other;</item>
/// <item>"created": a container like any other.</item>
/// </list>
/// Before that last record the init does not outlive its creator: it waits for Run after Ready, and a closed channel
/// ends it (see <see cref="ParentEnd"/>). A container found "creating" with nobody holding its lock is a dead create's,
/// which `state` and `list` report as stopped.
/// </summary>
internal sealed class CreateFlow(StateStore store, RuntimeOptions options)
{
    /// <summary>
    /// Creates the container; its terminal's master goes over <paramref name="console"/>. With
    /// <see cref="StartSignal.Channel"/> (`run`) the init then waits for Start on its channel, which the result keeps.
    /// </summary>
    public CreatedContainer Create(CreateOptions request, ConsoleSocket console, StartSignal start, StdioRelay? relay = null)
    {
        // The child execs and loads meanwhile, up to its native stage, which waits for the namespaces to enter.
        var child = ChildLauncher.Spawn(new LaunchRequest
        {
            Role = "init",
            Binary = options.ChildBinary,
            Stdio = request.Stdio,
            ListenFds = request.ListenFds,
            PreserveFds = request.PreserveFds,
        });
        try
        {
            var bundle = ContainerBundle.Load(request);
            var consoleSocket = console.For(bundle.Spec.Process?.Terminal == true, request.ConsoleSocket is not null);
            relay?.GiveToContainersRoot(bundle.Spec.Linux);
            using var directory = store.CreateNew(request.Id);
            CreatedContainer created;
            try
            {
                created = Create(child, bundle, directory, request, consoleSocket, start);
            }
            catch
            {
                // Also a config refused before the first record: the id stays free.
                directory.Remove();
                throw;
            }
            if (start == StartSignal.Fifo)
                child.Release();
            return created;
        }
        catch
        {
            child.Dispose();
            throw;
        }
    }

    private CreatedContainer Create(ParentEnd child, ContainerBundle bundle, ContainerDirectory directory, CreateOptions request, SafeHandle? consoleSocket, StartSignal start)
    {
        var spec = bundle.Spec;
        var cgroups = new CgroupFactory();
        // runc takes cgroup2 files by name only on a pure cgroup v2 host (on a hybrid one Hull places hugetlb there itself).
        if (spec.Linux?.Resources?.Unified is { Count: > 0 } && cgroups.Layout != CgroupLayout.V2)
            throw new HullException("invalid configuration: cannot use unified on cgroup v1", ErrorKind.InvalidArgument);
        var cgroup = cgroups.ForContainer(spec.Linux?.CgroupsPath, request.Id, options.SystemdCgroup, options.Rootless);
        var rdt = PlanIntelRdt(spec.Linux?.IntelRdt, request.Id);
        var record = NewRecord(request.Id, bundle, cgroup, options);
        record.IntelRdt = rdt?.State;
        // Crash point 1: recorded before anything exists on the host.
        directory.Save(record);
        bool cgroupCreated = false;
        try
        {
            CheckCgroup(cgroup);
            bool forked = child.Bootstrap(BootstrapMessage.For(spec), pid => IdMaps.Write(pid, spec.Linux),
                !options.Rootless && ContainerBundle.MayForkIntoCgroup(spec) ? cgroup.OpenForkDirectory(StartChargeable(spec)) : null);
            cgroupCreated = true;
            ICgroupManager? placed = CreateDirectories(cgroup, record, spec, options.Rootless);
            using var join = placed?.OpenSelfJoin(forked) ?? CgroupJoinFiles.None;
            using var rdtJoin = CreateIntelRdt(rdt);
            Syscall.WriteFile(directory.ConfigFile, System.Text.Encoding.UTF8.GetBytes(SpecLoader.Serialize(spec, indented: false)));
            if (start == StartSignal.Fifo)
                ExecFifo.Create(directory.ExecFifo, spec.Linux);
            using var fifo = start == StartSignal.Fifo ? Syscall.Open(directory.ExecFifo, Syscall.O_PATH | Syscall.O_CLOEXEC) : null;
            using var listener = SeccompListener.Connect(spec.Linux?.Seccomp);
            using var idmapped = IdmappedMounts.Prepare(spec, options.ChildBinary);
            using var bindSources = BindSources.Open(spec, bundle.Directory, options.Rootless, idmapped.ByMount.Keys);
            var passed = new PassedDescriptors();
            var config = new ChildConfig
            {
                Role = ChildRole.Init,
                Spec = spec,
                ContainerId = request.Id,
                Rootfs = bundle.Rootfs,
                NoPivot = request.NoPivot,
                NoNewKeyring = request.NoNewKeyring,
                PreserveFds = request.InheritedFds,
                Start = start,
                FifoFd = passed.Add(fifo),
                ConsoleSocketFd = passed.Add(consoleSocket),
                SeccompListenerFd = passed.Add(listener),
                MountTreeFds = idmapped.ByMount.Concat(bindSources.ByMount)
                    .ToDictionary(m => m.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), m => passed.Add(m.Value)),
                CgroupTaskFds = [.. join.TaskFiles.Select(passed.Add)],
                RdtTaskFds = [.. rdtJoin.TaskFiles.Select(passed.Add)],
                NewCgroupNamespace = Namespaces.IsNew(spec.Linux, "cgroup"),
                InUserNamespace = Namespaces.InUserNamespace(spec.Linux),
                MountNamespace = Namespaces.Has(spec.Linux, "mount"),
                CgroupHierarchies = placed is null ? [] : CgroupHierarchies(cgroups.Mounts, placed),
                HookState = OciState.Of(record, StateStatus.Creating),
                // The init asks for the runtime hooks, and waits for them, only when they or a move need the time.
                WaitsForParent = (placed is not null && !join.CoverEveryHierarchy) || spec.Hooks?.Prestart is { Count: > 0 } || spec.Hooks?.CreateRuntime is { Count: > 0 },
                WaitsForRun = true,
            };
            record.InitPid = child.CompleteBootstrap();
            record.InitStartTime = ProcessIdentity.ReadStartTime(record.InitPid) ?? throw new HullException("container init exited during setup");
            config.HostPid = record.InitPid;
            // Crash point 2: the init is recorded as soon as it exists.
            directory.Save(record);
            child.SendConfig(config, passed);
            // The init's main thread joins the v1 hierarchies itself, once its setup is done, so that the setup's
            // memory stays charged to Hull; the parent moves it into the others (cgroup2) it was not forked into.
            placed?.Apply(record.InitPid, join);
            child.ServeUntilReady(() => RunRuntimeHooks(spec.Hooks, record));
            ParentEnd.RunBeforeReady(() => Rlimits.Apply(record.InitPid, spec.Process?.Rlimits, Rlimits.ForInit));
            // After the init's setup and before its last steps, as runc does: a tight memory or pids limit then
            // constrains the container's process, not the runtime's own setup.
            ParentEnd.RunBeforeReady(() => SetResources(placed, spec, options.Rootless));
            child.Run();
            child.ExpectCreated();
            record.Phase = ContainerPhase.Created;
            // Crash point 3: created.
            directory.Save(record);
            if (request.PidFile is not null)
                PidFile.Write(request.PidFile, record.InitPid);
            return new CreatedContainer(record, spec, child);
        }
        catch
        {
            child.Dispose();
            if (cgroupCreated)
                cgroup.Destroy();
            if (rdt is not null)
                DestroyIntelRdt(rdt.State);
            directory.Remove();
            RunPoststopHooks(record);
            throw;
        }
    }

    /// <summary>The container's resctrl groups, checked against the host before anything is made; null without intelRdt.</summary>
    private IntelRdtManager? PlanIntelRdt(LinuxIntelRdt? config, string id)
    {
        if (config is null)
            return null;
        try
        {
            return IntelRdtManager.Plan(config, id, options.FindResctrl());
        }
        catch (RdtRefusal e)
        {
            throw new HullException(e.Message, ErrorKind.InvalidArgument, e);
        }
    }

    /// <summary>Makes the resctrl groups, and opens what the init joins them through.</summary>
    private static CgroupJoinFiles CreateIntelRdt(IntelRdtManager? rdt)
    {
        if (rdt is null)
            return CgroupJoinFiles.None;
        try
        {
            rdt.Create();
            return IntelRdtManager.OpenTaskFiles(rdt.State);
        }
        catch (CgroupException e)
        {
            throw new HullException($"unable to apply Intel RDT configuration: {e.Message}", ErrorKind.Failed, e);
        }
    }

    /// <summary>What a failed create made of the resctrl groups goes; a failure to remove it is only logged, the create's own error counts.</summary>
    private static void DestroyIntelRdt(RdtState state)
    {
        try
        {
            IntelRdtManager.Destroy(state, creationFailed: true);
        }
        catch (CgroupException e)
        {
            RuntimeLog.Warning(e.Message);
        }
    }

    /// <summary>The first record of a container made from <paramref name="bundle"/> (by create or restore): before anything exists on the host.</summary>
    internal static ContainerRecord NewRecord(string id, ContainerBundle bundle, ICgroupManager cgroup, RuntimeOptions options) => new()
    {
        Id = id,
        Bundle = bundle.Directory,
        Rootfs = bundle.Rootfs,
        Created = DateTimeOffset.UtcNow,
        Annotations = bundle.Spec.Annotations,
        Cgroup = cgroup.State,
        SystemdCgroup = options.SystemdCgroup,
        Rootless = options.Rootless,
        Poststart = bundle.Spec.Hooks?.Poststart,
        Poststop = bundle.Spec.Hooks?.Poststop,
    };

    /// <summary>
    /// The container's cgroup directories, made before the init mounts and joins them, with the cpuset it needs to
    /// join at all; like runc, a rootless container without a delegated cgroup runs without one (null).
    /// </summary>
    internal static ICgroupManager? CreateDirectories(ICgroupManager cgroup, ContainerRecord record, RuntimeSpec spec, bool rootless)
    {
        if (!TryCreateDirectories(cgroup))
        {
            if (Syscall.EffectiveUid() == 0 && !rootless)
                throw new HullException($"create cgroup {string.Join(", ", cgroup.Paths.Values)}: permission denied");
            record.Cgroup = new CgroupState();
            return null;
        }
        ApplyCpuset(cgroup, spec.Linux?.Resources?.Cpu);
        return cgroup;
    }

    /// <summary>runc refuses to place a container into a cgroup that is frozen, and warns about one that holds processes.</summary>
    private static void CheckCgroup(ICgroupManager cgroup)
    {
        if (!cgroup.Exists())
            return;
        if (cgroup.IsFrozen())
            throw new HullException("container's cgroup unexpectedly frozen");
        if (cgroup.Pids().Count is int count and > 0)
            RuntimeLog.Warning($"container's cgroup is not empty: {count} process(es) found");
    }

    private static void RunRuntimeHooks(Hull.Spec.Hooks? hooks, ContainerRecord record)
    {
        string state = OciState.Of(record, StateStatus.Creating).ToJson();
        HookRunner.RunAll(hooks?.Prestart, state);
        HookRunner.RunAll(hooks?.CreateRuntime, state);
    }

    /// <summary>Poststop hooks run when a container goes, also when its creation failed; a failure is only logged.</summary>
    internal static void RunPoststopHooks(ContainerRecord record)
    {
        try
        {
            HookRunner.RunAll(record.Poststop, OciState.Of(record, StateStatus.Stopped).ToJson());
        }
        catch (HullException e)
        {
            RuntimeLog.Error(e.Message);
        }
    }

    internal static void SetResources(ICgroupManager? cgroup, RuntimeSpec spec, bool rootless)
    {
        try
        {
            cgroup?.Set(ResourcesFor(spec, rootless));
        }
        catch (CgroupException e)
        {
            throw new HullException($"error setting cgroup config for procHooks process: {e.Message}", ErrorKind.Failed, e);
        }
    }

    /// <summary>
    /// The CPUs and memory nodes go in as the cgroup is made, before any process joins it (a cpuset without them takes
    /// none), and fail as runc's cgroup creation fails.
    /// </summary>
    private static void ApplyCpuset(ICgroupManager cgroup, LinuxCpu? cpu)
    {
        if (string.IsNullOrEmpty(cpu?.Cpus) && string.IsNullOrEmpty(cpu?.Mems))
            return;
        try
        {
            cgroup.Set(new LinuxResources { Cpu = new LinuxCpu { Cpus = cpu.Cpus, Mems = cpu.Mems } });
        }
        catch (CgroupException e)
        {
            throw new HullException($"unable to start container process: unable to apply cgroup configuration: {e.Message}", ErrorKind.Failed, e);
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
            Devices = rootless ? null : DeviceRules.ForContainer(given.Devices),
        };
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
    /// What a "cgroup" mount shows: the container's directory in each v1 hierarchy by its mount point's name, or in the
    /// cgroup2 hierarchy (as "") on a pure v2 host. runc leaves a hybrid host's cgroup2 mount out, and so does Hull.
    /// </summary>
    internal static Dictionary<string, string> CgroupHierarchies(IReadOnlyList<CgroupMount> mounts, ICgroupManager cgroup)
    {
        bool pureV2 = mounts.All(m => m.Unified);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var mount in mounts)
        {
            if ((pureV2 || !mount.Unified) && cgroup.Paths.TryGetValue(mount.Key, out string? path))
                result[pureV2 ? "" : Path.GetFileName(mount.MountPoint)] = path;
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
            cgroup.Destroy();
            return false;
        }
    }
}

/// <summary>
/// A container just created: what was stored, the config it was created from, and the init's end of the channel,
/// over which `run` starts it (released when `create` waits on an exec FIFO instead).
/// </summary>
internal sealed record CreatedContainer(ContainerRecord Record, RuntimeSpec Spec, ParentEnd Init);
