using Hull.Linux;
using Hull.Spec;
using Microsoft.Win32.SafeHandles;

namespace Hull.Cgroups;

/// <summary>
/// A container's Intel RDT allocation through resctrl, beside its cgroup (runtime-spec's linux.intelRdt): a CTRL_MON
/// group named by closID (shared: made only when the config gives its schemata, and never removed by a delete) or by
/// the container's id (its own), its schemata, and with monitoring a MON group of the container's own. Processes join
/// by writing "0" to the tasks files <see cref="OpenTaskFiles"/> gives them, as they join v1 cgroups: resctrl moves a
/// thread, and so exactly the thread that execs moves.
/// </summary>
public sealed class IntelRdtManager
{
    private readonly IReadOnlyList<string> _schemata;

    private IntelRdtManager(RdtState state, IReadOnlyList<string> schemata)
    {
        State = state;
        _schemata = schemata;
    }

    /// <summary>The groups as they are to be recorded before <see cref="Create"/> makes them.</summary>
    public RdtState State { get; }

    /// <summary>
    /// Checks the config against what the host's resctrl offers (a null <paramref name="mount"/>: none) and decides
    /// the groups; nothing is made yet. A config the kernel would refuse is refused here, naming its field.
    /// </summary>
    /// <exception cref="RdtRefusal">The host cannot apply the config.</exception>
    public static IntelRdtManager Plan(LinuxIntelRdt config, string containerId, ResctrlMount? mount)
    {
        var info = mount is null ? null : ResctrlInfo.Read(mount);
        if (!string.IsNullOrEmpty(config.L3CacheSchema) && info?.CacheAllocation != true)
            throw new RdtRefusal("intelRdt.l3CacheSchema is specified in config, but Intel RDT/CAT is not enabled");
        if (!string.IsNullOrEmpty(config.MemBwSchema) && info?.BandwidthAllocation != true)
            throw new RdtRefusal("intelRdt.memBwSchema is specified in config, but Intel RDT/MBA is not enabled");
        if (info is null)
            throw new RdtRefusal("intelRdt is specified in config, but Intel RDT is not enabled");
        if (config.EnableMonitoring == true && info.Monitoring is null)
            throw new RdtRefusal("intelRdt.enableMonitoring is specified in config, but Intel RDT monitoring is not enabled");
        var lines = Checked(info, SchemaLines(config));
        string root = info.Mount.Root;
        bool shared = !string.IsNullOrEmpty(config.ClosId);
        string group = config.ClosId == "/" ? root : Path.Join(root, shared ? config.ClosId : containerId);
        bool exists = Directory.Exists(group);
        if (shared && !exists && lines.Count == 0)
            throw new RdtRefusal($"clos dir not accessible (must be pre-created when schemata, l3CacheSchema and memBwSchema are empty): stat {group}: no such file or directory");
        if (shared && exists)
            CheckMatches(info, group, config.ClosId!, lines);
        if (!exists && info.Closids > 0 && ControlGroups(root).Count() + 1 >= info.Closids)
            throw new RdtRefusal($"intelRdt: no free CLOSID for a new resctrl group: all {info.Closids} of this host are in use");
        string? monitor = config.EnableMonitoring == true ? Path.Join(group, "mon_groups", containerId) : null;
        if (monitor is not null && !Directory.Exists(monitor) && info.Monitoring!.Rmids > 0 && MonitorIdsInUse(root) >= info.Monitoring.Rmids)
            throw new RdtRefusal($"intelRdt.enableMonitoring: no free RMID for a new resctrl monitoring group: all {info.Monitoring.Rmids} of this host are in use");
        var state = new RdtState
        {
            Root = root,
            BandwidthInMBps = info.Mount.BandwidthInMBps,
            Group = group,
            MonitorGroup = monitor,
            MadeGroup = !exists,
            Shared = shared,
        };
        // An existing shared group already has the schemata (checked above); one named by the container is its own.
        return new IntelRdtManager(state, !shared || !exists ? [.. lines.Select(l => l.Text)] : []);
    }

    /// <summary>Makes the groups and writes the schemata.</summary>
    public void Create()
    {
        if (State.MadeGroup)
            MakeGroup(State.Root, State.Group);
        if (_schemata.Count > 0)
            WriteSchemata(State.Root, State.Group, _schemata);
        if (State.MonitorGroup is { } monitor)
            MakeGroup(State.Root, monitor);
    }

    /// <summary>The tasks files a process writes "0" to, in this order, to join the groups.</summary>
    public static CgroupJoinFiles OpenTaskFiles(RdtState state)
    {
        var files = new List<SafeFileHandle>();
        try
        {
            files.Add(Open(state.Root, Path.Combine(state.Group, "tasks"), Syscall.O_WRONLY));
            if (state.MonitorGroup is { } monitor)
                files.Add(Open(state.Root, Path.Combine(monitor, "tasks"), Syscall.O_WRONLY));
            return new CgroupJoinFiles(files, forkedIntoCgroup2: false, coverEveryHierarchy: true);
        }
        catch
        {
            foreach (var file in files)
                file.Dispose();
            throw;
        }
    }

    /// <summary>Writes the schemata of an updated config (`update --l3-cache-schema`, `--mem-bw-schema`) to the group.</summary>
    /// <exception cref="RdtRefusal">The kernel would refuse a line.</exception>
    public static void Update(RdtState state, LinuxIntelRdt config)
    {
        var lines = Checked(ResctrlInfo.Read(state.Mount), SchemaLines(config));
        if (lines.Count > 0)
            WriteSchemata(state.Root, state.Group, [.. lines.Select(l => l.Text)]);
    }

    /// <summary>
    /// Removes the MON group, and the CTRL_MON group where this container made it and it is its own; a shared one its
    /// failed create made goes too while nobody has joined it.
    /// </summary>
    public static void Destroy(RdtState state, bool creationFailed)
    {
        if (state.MonitorGroup is { } monitor)
            RemoveGroup(state.Root, monitor);
        if (state.MadeGroup && (!state.Shared || (creationFailed && string.IsNullOrWhiteSpace(ResctrlInfo.Read(state.Group, "tasks")))))
            RemoveGroup(state.Root, state.Group);
    }

    /// <summary>The config's schemata lines in the order runtime-spec writes them, each with its JSON path.</summary>
    private static IEnumerable<(string Path, string Text)> SchemaLines(LinuxIntelRdt config)
    {
        if (!string.IsNullOrEmpty(config.L3CacheSchema))
            yield return ("$.linux.intelRdt.l3CacheSchema", config.L3CacheSchema);
        if (!string.IsNullOrEmpty(config.MemBwSchema))
            yield return ("$.linux.intelRdt.memBwSchema", config.MemBwSchema);
        for (int i = 0; i < (config.Schemata?.Count ?? 0); i++)
        {
            if (!string.IsNullOrEmpty(config.Schemata![i]))
                yield return ($"$.linux.intelRdt.schemata[{i}]", config.Schemata[i]);
        }
    }

    private static List<(string Path, string Text, SchemaLine Line)> Checked(ResctrlInfo info, IEnumerable<(string Path, string Text)> lines)
    {
        var result = new List<(string, string, SchemaLine)>();
        foreach (var (path, text) in lines)
        {
            var line = SchemaLine.TryParse(text) ?? throw new RdtRefusal($"{path}: invalid schemata line \"{text}\": want RESOURCE:ID=VALUE[;ID=VALUE...]");
            if (info.Refusal(line) is { } why)
                throw new RdtRefusal($"{path}: {why}");
            result.Add((path, text, line));
        }
        return result;
    }

    /// <summary>runtime-spec: a closID group that exists must already have the schemata the config gives.</summary>
    private static void CheckMatches(ResctrlInfo info, string group, string closId, List<(string Path, string Text, SchemaLine Line)> lines)
    {
        var existing = SchemaLine.ParseFile(ResctrlInfo.Read(group, "schemata")).ToDictionary(l => l.Resource, StringComparer.Ordinal);
        foreach (var (path, _, line) in lines)
        {
            var resource = info.Resources[line.Resource];
            foreach (var (domain, value) in line.Values)
            {
                resource.Refusal(value, out ulong wanted);
                string? present = existing.GetValueOrDefault(line.Resource)?.Values.FirstOrDefault(v => v.Key == domain).Value;
                ulong have = 0;
                if (present is null || resource.Refusal(present, out have) is not null || have != wanted)
                    throw new RdtRefusal($"{path}: the resctrl group {closId} exists with {line.Resource} domain {domain} at {present ?? "nothing"}, not {value}");
            }
        }
    }

    /// <summary>The CTRL_MON groups other than the root: the directories beside info (and the root's mon_groups, mon_data).</summary>
    private static IEnumerable<string> ControlGroups(string root) =>
        Directory.EnumerateDirectories(root).Where(d => Path.GetFileName(d) is not ("info" or "mon_groups" or "mon_data"));

    /// <summary>Every group takes an RMID: the root, each CTRL_MON group and each MON group under either.</summary>
    private static int MonitorIdsInUse(string root) =>
        ControlGroups(root).Prepend(root).Sum(group => 1 + (Directory.Exists(Path.Combine(group, "mon_groups")) ? Directory.EnumerateDirectories(Path.Combine(group, "mon_groups")).Count() : 0));

    private static void MakeGroup(string root, string group)
    {
        try
        {
            // The kernel makes a new group's mon_groups itself: CreateDirectory finds it there.
            Directory.CreateDirectory(group);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Failure(root, $"mkdir {group}: {e.Message}", e);
        }
    }

    private static void WriteSchemata(string root, string group, IReadOnlyList<string> lines)
    {
        string text = string.Concat(lines.Select(l => l + "\n"));
        using var file = Open(root, Path.Combine(group, "schemata"), Syscall.O_WRONLY | Syscall.O_TRUNC);
        try
        {
            Syscall.Write(file, System.Text.Encoding.UTF8.GetBytes(text));
        }
        catch (SyscallException e)
        {
            throw Failure(root, $"unable to write \"{string.Join("\\n", lines)}\": {Errno.Describe(e.Errno)}", e);
        }
    }

    /// <summary>A group's file. O_CREAT is a no-op on resctrl, whose groups come with their files, and lets a copy of its layout in a plain directory stand in for it.</summary>
    private static SafeFileHandle Open(string root, string path, int flags)
    {
        try
        {
            return Syscall.Open(path, flags | Syscall.O_CREAT | Syscall.O_CLOEXEC, 0b110_100_100);
        }
        catch (SyscallException e)
        {
            throw Failure(root, $"open {path}: {Errno.Describe(e.Errno)}", e);
        }
    }

    /// <summary>rmdir, which resctrl takes for a whole group; a plain directory standing in for it goes file by file.</summary>
    private static void RemoveGroup(string root, string group)
    {
        int errno = Syscall.RemoveDirectory(group);
        try
        {
            if (errno == Errno.ENOTEMPTY)
                Directory.Delete(group, recursive: true);
            else if (errno is not (0 or Errno.ENOENT))
                throw new SyscallException($"rmdir {group}", errno);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or SyscallException)
        {
            throw Failure(root, $"remove {group}: {e.Message}", e);
        }
    }

    /// <summary>A failure in runc's words, with the kernel's own explanation (info/last_cmd_status) where it gives one.</summary>
    private static CgroupException Failure(string root, string what, Exception inner)
    {
        string? status = ResctrlInfo.LastCommandStatus(root);
        return new(status is null or "" or "ok" ? $"intelrdt: {what}" : $"intelrdt: {what}, last_cmd_status: {status}", inner);
    }
}
