using Hull.Cgroups;
using Hull.Runtime.Store;
using Hull.Spec;
using LinuxConfig = Hull.Spec.Linux;

namespace Hull.Runtime;

/// <summary>What the container's cgroup offers: pause and resume, its processes, events and stats, live updates.</summary>
public sealed partial class ContainerRuntime
{
    /// <summary>Freezes every process of a running (or, as runc allows it, a created) container.</summary>
    public void Pause(string id)
    {
        using var directory = _store.Open(id);
        var record = directory.Load();
        if (StatusOf(record, directory) is not (ContainerStatus.Running or ContainerStatus.Created))
            throw new HullException("container not running", ErrorKind.InvalidState);
        Cgroup(record).Freeze();
    }

    /// <summary>Thaws a paused container.</summary>
    public void Resume(string id)
    {
        using var directory = _store.Open(id);
        var record = directory.Load();
        if (StatusOf(record, directory) != ContainerStatus.Paused)
            throw new HullException("container not paused", ErrorKind.InvalidState);
        Cgroup(record).Thaw();
    }

    /// <summary>The pids (as the host sees them) of every process in the container.</summary>
    public IReadOnlyList<int> Processes(string id)
    {
        using var directory = _store.Open(id);
        return Cgroup(directory.Load()).Pids();
    }

    /// <summary>Current resource usage, as `events --stats` prints it.</summary>
    public CgroupEvent Stats(string id)
    {
        using var directory = _store.Open(id);
        var record = directory.Load();
        if (StatusOf(record, directory) == ContainerStatus.Stopped)
            throw NotRunning(id);
        return CgroupEventStream.StatsEvent(Cgroup(record), id, IntelRdtStats(record));
    }

    /// <summary>How many processes of the container the OOM killer has killed so far (also once it has stopped, until deleted).</summary>
    public ulong OomKillCount(string id)
    {
        using var directory = _store.Open(id);
        return Cgroup(directory.Load()).OomKillCount();
    }

    /// <summary>Watches the container's cgroup for OOM kills as they happen; the caller owns the watcher.</summary>
    /// <exception cref="CgroupException">The cgroup has no memory controller.</exception>
    public OomWatcher WatchOom(string id)
    {
        using var directory = _store.Open(id);
        return Cgroup(directory.Load()).WatchOom();
    }

    /// <summary>Emits OOM events as they happen and stats every <paramref name="interval"/> until the container is gone or <paramref name="cancel"/> fires.</summary>
    public void Events(string id, TimeSpan interval, Action<CgroupEvent> emit, CancellationToken cancel)
    {
        ICgroupManager cgroup;
        ProcessIdentity init;
        Func<IntelRdtStats>? rdt;
        using (var directory = _store.Open(id))
        {
            var record = directory.Load();
            if (StatusOf(record, directory) == ContainerStatus.Stopped)
                throw NotRunning(id);
            cgroup = Cgroup(record);
            init = record.Init;
            rdt = IntelRdtStats(record);
        }
        ContainerEventStream.Run(cgroup, id, init, interval, emit, cancel, rdt);
    }

    /// <summary>What reads the container's Intel RDT figures; null without resctrl groups.</summary>
    private static Func<IntelRdtStats>? IntelRdtStats(ContainerRecord record) =>
        record.IntelRdt is { } rdt ? () => ResctrlStats.Read(rdt) : null;

    /// <summary>runc's words when `events` is asked about a stopped container.</summary>
    private static HullException NotRunning(string id) => new($"container with id {id} is not running", ErrorKind.InvalidState);

    /// <summary>
    /// Changes the resources of a live container, and records them in its stored config. An Intel RDT schema needs the
    /// resctrl filesystem and a container created with intelRdt; it replaces the config's line of that resource.
    /// </summary>
    public void Update(string id, LinuxResources resources, string? l3CacheSchema = null, string? memBwSchema = null)
    {
        var resctrl = l3CacheSchema is null && memBwSchema is null ? null : _options.FindResctrl() is { } mount ? ResctrlInfo.Read(mount) : null;
        if (l3CacheSchema is not null && resctrl?.CacheAllocation != true)
            throw new HullException("Intel RDT/CAT: l3 cache schema is not enabled", ErrorKind.InvalidArgument);
        if (memBwSchema is not null && resctrl?.BandwidthAllocation != true)
            throw new HullException("Intel RDT/MBA: memory bandwidth schema is not enabled", ErrorKind.InvalidArgument);
        using var directory = _store.Open(id);
        var record = directory.Load();
        if (StatusOf(record, directory) == ContainerStatus.Stopped)
            throw new HullException("container not running", ErrorKind.InvalidState);
        var config = LoadConfig(directory);
        if (resctrl is not null)
            UpdateIntelRdt(record, config, l3CacheSchema, memBwSchema);
        var cgroup = Cgroup(record);
        try
        {
            cgroup.Set(resources);
        }
        catch (CgroupException)
        {
            // runc sets everything again from its config, which by then already holds the update (it changes the
            // stored resources in place), and warns when that fails too; callers and the cgroup see the same here.
            SetBack(cgroup, SpecLoader.MergeResources(config?.Linux?.Resources, resources));
            throw;
        }
        if (config is not null)
        {
            config.Linux ??= new LinuxConfig();
            config.Linux.Resources = SpecLoader.MergeResources(config.Linux.Resources, resources);
            SpecLoader.Save(config, directory.ConfigFile);
        }
    }

    /// <summary>Writes the container's schemata with the new lines; nothing changes where the kernel would refuse one.</summary>
    private static void UpdateIntelRdt(ContainerRecord record, RuntimeSpec? config, string? l3CacheSchema, string? memBwSchema)
    {
        if (config?.Linux?.IntelRdt is not { } rdt || record.IntelRdt is not { } state)
            throw new HullException("updating a non-existent Intel RDT configuration is not supported", ErrorKind.InvalidArgument);
        rdt.L3CacheSchema = l3CacheSchema ?? rdt.L3CacheSchema;
        rdt.MemBwSchema = memBwSchema ?? rdt.MemBwSchema;
        try
        {
            IntelRdtManager.Update(state, rdt);
        }
        catch (RdtRefusal e)
        {
            throw new HullException(e.Message, ErrorKind.InvalidArgument, e);
        }
    }

    private static void SetBack(ICgroupManager cgroup, LinuxResources back)
    {
        try
        {
            // The device rules stay as create set them (the spec's and the defaults).
            back.Devices = null;
            cgroup.Set(back);
        }
        catch (CgroupException e)
        {
            RuntimeLog.Warning($"Setting back cgroup configs failed due to error: {e.Message}, your state.json and actual configs might be inconsistent.");
        }
    }
}
