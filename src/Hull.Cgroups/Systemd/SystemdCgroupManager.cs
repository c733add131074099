using Hull.Spec;
using Microsoft.Win32.SafeHandles;

namespace Hull.Cgroups.Systemd;

/// <summary>
/// The systemd driver: the container is a transient scope (or slice) started over systemd's D-Bus API with
/// Delegate=yes and the resources as unit properties; the cgroup files themselves (devices, freezer, stats,
/// what systemd has no property for) go through the cgroupfs manager for the unit's directories.
/// </summary>
public sealed class SystemdCgroupManager : ICgroupManager
{
    private const string ManagerPath = "/org/freedesktop/systemd1";
    private const string ManagerInterface = "org.freedesktop.systemd1.Manager";
    private static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(60);

    private readonly ICgroupManager _fs;
    private readonly bool _v2;
    private readonly string _socket;
    private IReadOnlyList<UnitProperty> _propertiesAtStart = [];

    private SystemdCgroupManager(SystemdUnit unit, ICgroupManager fs, bool v2, string socket)
    {
        Unit = unit;
        _fs = fs;
        _v2 = v2;
        _socket = socket;
    }

    /// <summary>The unit and its slice.</summary>
    public SystemdUnit Unit { get; }

    /// <summary>The manager for a container: its unit from the cgroupsPath, its directories in every hierarchy of the host.</summary>
    public static SystemdCgroupManager Create(CgroupFactory factory, string? cgroupsPath, string containerId, string socket = DBusConnection.DefaultSocket) =>
        Create(factory, SystemdUnit.Parse(cgroupsPath, containerId), "", socket);

    /// <summary>
    /// The manager for a container of an unprivileged user (runc's rootless systemd driver): the unit is the user's own
    /// systemd's, reached on its private socket in XDG_RUNTIME_DIR (no bus daemon), inside the cgroup that systemd
    /// was delegated (user@UID.service); user.slice unless the cgroupsPath names a slice.
    /// </summary>
    public static SystemdCgroupManager CreateForUser(CgroupFactory factory, string? cgroupsPath, string containerId)
    {
        var unit = SystemdUnit.Parse(cgroupsPath, containerId, "user.slice");
        string socket = Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR") is { Length: > 0 } runtimeDir
            ? Path.Combine(runtimeDir, "systemd", "private")
            : throw new CgroupException("the systemd cgroup driver of an unprivileged user needs XDG_RUNTIME_DIR, where the user's systemd listens");
        using var bus = DBusConnection.Open(socket, usersOwn: true);
        string root;
        try
        {
            var reply = bus.Call(ManagerPath, "org.freedesktop.DBus.Properties", "Get", "ss", w =>
            {
                w.String(ManagerInterface);
                w.String("ControlGroup");
            }, JobTimeout);
            root = reply.Reader().Value("v") ?? "";
        }
        catch (DBusException e)
        {
            throw new CgroupException($"the user's systemd at {socket} does not say its cgroup: {e.Message}", e);
        }
        return Create(factory, unit, root, socket);
    }

    private static SystemdCgroupManager Create(CgroupFactory factory, SystemdUnit unit, string managerCgroup, string socket)
    {
        string cgroupPath = managerCgroup.TrimEnd('/') + unit.CgroupPath;
        var paths = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var mount in factory.Mounts)
        {
            if (mount.Unified || mount.Controllers.Count > 0)
                paths[mount.Key] = Path.Combine(mount.MountPoint, cgroupPath.TrimStart('/'));
        }
        return new SystemdCgroupManager(unit, factory.ForPaths(paths), factory.Layout == CgroupLayout.V2, socket);
    }

    internal static SystemdCgroupManager FromState(CgroupState state) =>
        new(new SystemdUnit(state.Slice ?? "system.slice", state.Unit ?? throw new CgroupException("the stored systemd cgroup has no unit")),
            CgroupFactory.FsFromState(state), state.Layout == "v2", state.SystemdSocket ?? DBusConnection.DefaultSocket);

    public CgroupState State => _fs.State with
    {
        Driver = CgroupDrivers.Systemd,
        Unit = Unit.Unit,
        Slice = Unit.Slice,
        SystemdSocket = _socket == DBusConnection.DefaultSocket ? null : _socket,
    };

    public IReadOnlyDictionary<string, string> Paths => _fs.Paths;

    public SafeFileHandle? OpenForkDirectory(bool startChargeable) => null;

    public CgroupJoinFiles OpenSelfJoin(bool forkedIntoCgroup2) => CgroupJoinFiles.None;

    /// <summary>
    /// Starts the unit holding the process and waits for systemd's job, then joins the hierarchies systemd does not
    /// manage; a process of a unit that runs already (an exec) joins its directories, as with runc.
    /// </summary>
    public void Apply(int pid, CgroupJoinFiles? joined = null)
    {
        var properties = new List<UnitProperty>
        {
            UnitProperty.String("Description", $"hull container {Unit.Unit}"),
            UnitProperty.Bool("Delegate", true),
            UnitProperty.Bool("DefaultDependencies", false),
            UnitProperty.Bool("MemoryAccounting", true),
            UnitProperty.Bool("CPUAccounting", true),
            UnitProperty.Bool("TasksAccounting", true),
            UnitProperty.Bool(_v2 ? "IOAccounting" : "BlockIOAccounting", true),
        };
        properties.AddRange(_propertiesAtStart);
        if (!Unit.IsSlice)
        {
            properties.Add(UnitProperty.String("Slice", Unit.Slice));
            properties.Add(new UnitProperty("PIDs", "au", w => w.Array(4, () => w.UInt32((uint)pid))));
        }
        using (var bus = Connect())
        {
            try
            {
                RunJob(bus, "StartTransientUnit", "ssa(sv)a(sa(sv))", w =>
                {
                    w.String(Unit.Unit);
                    w.String("replace");
                    UnitProperty.WriteAll(w, properties);
                    w.Array(8, () => { });
                });
            }
            catch (CgroupException e) when (e.InnerException is DBusException { Name: "org.freedesktop.systemd1.UnitExists" })
            {
            }
        }
        _fs.Apply(pid);
    }

    /// <summary>
    /// Writes every file, then sets the unit properties systemd knows (so a daemon-reload keeps them): the files'
    /// checks (a memory limit below the usage) refuse before systemd applies anything. A unit not started yet (the
    /// cpuset goes in before the init joins) starts with the properties; on cgroup v2 systemd makes its files only then.
    /// </summary>
    public void Set(LinuxResources resources)
    {
        var properties = SystemdProperties.For(resources, _v2);
        if (properties.Count == 0)
        {
            _fs.Set(resources);
            return;
        }
        using var bus = Connect();
        if (!IsLoaded(bus))
        {
            _propertiesAtStart = properties;
            if (!_v2)
                _fs.Set(resources);
            return;
        }
        _fs.Set(resources);
        Call(bus, "SetUnitProperties", "sba(sv)", w =>
        {
            w.String(Unit.Unit);
            w.Bool(true);
            UnitProperty.WriteAll(w, properties);
        });
    }

    private bool IsLoaded(DBusConnection bus)
    {
        try
        {
            Call(bus, "GetUnit", "s", w => w.String(Unit.Unit));
            return true;
        }
        catch (CgroupException e) when (e.InnerException is DBusException { Name: "org.freedesktop.systemd1.NoSuchUnit" })
        {
            return false;
        }
    }

    public IReadOnlyList<int> Pids() => _fs.Pids();

    public void Freeze() => _fs.Freeze();

    public void Thaw() => _fs.Thaw();

    public bool IsFrozen() => _fs.IsFrozen();

    public CgroupStats Stats() => _fs.Stats();

    public ulong OomKillCount() => _fs.OomKillCount();

    public OomWatcher WatchOom() => _fs.WatchOom();

    /// <summary>Thaws and kills what is left, stops the unit (gone already when its scope emptied) and removes the directories.</summary>
    public void Destroy()
    {
        _fs.Thaw();
        CgroupTree.KillAll(_fs.Pids, Unit.Unit);
        using (var bus = Connect())
        {
            try
            {
                RunJob(bus, "StopUnit", "ss", w =>
                {
                    w.String(Unit.Unit);
                    w.String("replace");
                });
            }
            catch (CgroupException e) when (e.InnerException is DBusException { Name: "org.freedesktop.systemd1.NoSuchUnit" })
            {
            }
            try
            {
                Call(bus, "ResetFailedUnit", "s", w => w.String(Unit.Unit));
            }
            catch (CgroupException)
            {
                // Not failed, or already gone.
            }
        }
        _fs.Destroy();
    }

    /// <summary>A direct connection: systemd sends it every signal without a Subscribe call.</summary>
    private DBusConnection Connect() => DBusConnection.Open(_socket, usersOwn: _socket != DBusConnection.DefaultSocket);

    private static DBusMessage Call(DBusConnection bus, string method, string signature, Action<DBusWriter>? body)
    {
        try
        {
            return bus.Call(ManagerPath, ManagerInterface, method, signature, body, JobTimeout);
        }
        catch (DBusException e)
        {
            throw new CgroupException(e.Message, e);
        }
    }

    /// <summary>Calls a method that returns a job, and waits for its JobRemoved signal: "done" is success.</summary>
    private void RunJob(DBusConnection bus, string method, string signature, Action<DBusWriter> body)
    {
        string job = Call(bus, method, signature, body).Reader().String();
        var deadline = DateTime.UtcNow + JobTimeout;
        while (true)
        {
            var signal = bus.NextSignal(deadline, $"the {method} job of {Unit.Unit}");
            if (signal?.Member != "JobRemoved" || signal.Signature != "uoss")
                continue;
            var reader = signal.Reader();
            reader.UInt32();
            string path = reader.String();
            reader.String();
            string result = reader.String();
            if (path != job)
                continue;
            if (result != "done")
                throw new CgroupException($"systemd {method} {Unit.Unit}: job {result}");
            return;
        }
    }
}
