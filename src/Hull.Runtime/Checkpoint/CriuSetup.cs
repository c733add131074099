using Hull.Cgroups;
using Hull.Linux;
using Hull.Runtime.Child;
using Hull.Runtime.Parent;
using Hull.Spec;
using Microsoft.Win32.SafeHandles;

namespace Hull.Runtime.Checkpoint;

/// <summary>What checkpoint and restore both tell CRIU, read from runc's flags and the container's config.</summary>
internal static class CriuSetup
{
    /// <summary>CRIU 3.0 is the first with the VERSION request.</summary>
    private const int MinimumVersion = 30000;

    /// <summary>CRIU's version as major·10000 + minor·100 + sublevel, checked against what hull needs.</summary>
    public static int CheckVersion(string criu)
    {
        CriuResponse response;
        try
        {
            using var process = CriuProcess.Start(criu);
            response = process.Call(new CriuRequest(CriuRequestType.Version));
        }
        catch (Exception e) when (e is HullException or SyscallException)
        {
            throw new HullException($"CRIU version check failed: {e.Message}", ErrorKind.Failed, e);
        }
        if (!response.Success || response.Version is not var (major, minor, sublevel, git))
            throw new HullException("CRIU version check failed: criu did not tell its version", ErrorKind.Failed);
        int version = major * 10000 + minor * 100 + (git ? 100 : sublevel);
        if (version < MinimumVersion)
            throw new HullException($"CRIU version {version} must be {MinimumVersion} or higher", ErrorKind.Failed);
        return version;
    }

    /// <summary>
    /// For a joined network or pid namespace, which CRIU takes as external: its name in /proc/PID/ns and the key CRIU
    /// knows it by (runc's keys, so that either runtime restores the other's checkpoint); null for other types. CRIU
    /// handles them from 3.11 (network) and 3.15 (pid).
    /// </summary>
    public static (string ProcName, string Key)? ExternalNamespace(string? type, int version, string during)
    {
        var (procName, key, since) = type switch
        {
            "network" => ("net", "extRootNetNS", 31100),
            "pid" => ("pid", "extRootPidNS", 31500),
            _ => (null, null, 0),
        };
        if (procName is null || key is null)
            return null;
        if (version < since)
            throw new HullException($"criu lacks support for external {type} namespace during {during} (old criu version?)", ErrorKind.Failed);
        return (procName, key);
    }

    /// <summary>
    /// CRIU's options for what checkpoint and restore share: the image and work directories, the log, the flags, and
    /// that a terminal whose master is outside the container is CRIU's to leave to the runtime.
    /// </summary>
    public static CriuOptions OptionsFor(CriuOptionsBase options, SafeFileHandle images, SafeFileHandle? work, string logFile) => new()
    {
        ImagesDirFd = (int)images.DangerousGetHandle(),
        WorkDirFd = work is null ? null : (int)work.DangerousGetHandle(),
        LogFile = logFile,
        CgroupMode = CgroupMode(options.ManageCgroupsMode),
        ShellJob = options.ShellJob,
        TcpEstablished = options.TcpEstablished,
        ExtUnixSockets = options.ExtUnixSockets,
        FileLocks = options.FileLocks,
        EmptyNamespaces = EmptyNamespaces(options.EmptyNamespaces),
        AutoDedup = options.AutoDedup,
        LazyPages = options.LazyPages,
        OrphanPtsMaster = true,
    };

    /// <summary>Where CRIU's log of this checkpoint or restore is: in the work directory, else the image directory.</summary>
    public static string LogPath(CriuOptionsBase options, string logFile) =>
        Path.Combine(options.WorkPath is { Length: > 0 } work ? work : options.ImagePath, logFile);

    private static CriuCgroupMode CgroupMode(string? mode) => mode switch
    {
        null or "" => CriuCgroupMode.Default,
        "soft" => CriuCgroupMode.Soft,
        "full" => CriuCgroupMode.Full,
        "strict" => CriuCgroupMode.Strict,
        "ignore" => CriuCgroupMode.Ignore,
        _ => throw new HullException("invalid manage-cgroups-mode value", ErrorKind.InvalidArgument),
    };

    /// <summary>runc's --empty-ns: only the network namespace may be named, and it is always left empty (hull manages no network devices).</summary>
    private static uint EmptyNamespaces(IReadOnlyList<string> names)
    {
        foreach (string name in names)
        {
            if (name != "network")
                throw new HullException($"namespace \"{name}\" is not supported", ErrorKind.InvalidArgument);
        }
        return (uint)Namespaces.CLONE_NEWNET;
    }

    /// <summary>Opens (for checkpoint, first makes) a directory CRIU gets by descriptor.</summary>
    public static SafeFileHandle OpenDirectory(string path, bool create)
    {
        if (create)
            Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        try
        {
            return Syscall.Open(path, Syscall.O_RDONLY | Syscall.O_DIRECTORY | Syscall.O_CLOEXEC);
        }
        catch (SyscallException e)
        {
            throw new HullException($"open {path}: {Errno.Describe(e.Errno)}", ErrorKind.InvalidArgument, e);
        }
    }

    /// <summary>
    /// The mounts whose source is outside the container, which CRIU cannot dump and must be told about (by the
    /// path in the container; restore maps them to their sources): bind mounts, the /dev/null over masked files, and
    /// the device nodes (bind-mounted from the host in a user namespace).
    /// </summary>
    public static IEnumerable<(string Destination, string Source)> ExternalMounts(RuntimeSpec spec, string bundle)
    {
        foreach (var mount in spec.Mounts ?? [])
        {
            if (mount.Destination is { } destination && IsBind(mount))
                yield return (destination, Path.GetFullPath(mount.Source ?? "", bundle));
        }
        if (spec.Linux?.MaskedPaths is { Count: > 0 })
            yield return ("/dev/null", "/dev/null");
        foreach (string device in Devices.PathsOf(spec.Linux?.Devices))
            yield return (device, device);
    }

    /// <summary>
    /// The container's "cgroup" mounts: bind mounts of its own cgroup directories (one on cgroup v2, one per hierarchy
    /// under a tmpfs on v1), by the path in the container and the host directory bound there.
    /// </summary>
    public static IEnumerable<(string Destination, string Source)> CgroupMounts(RuntimeSpec spec, ICgroupManager cgroup)
    {
        var hierarchies = CreateFlow.CgroupHierarchies(new CgroupFactory().Mounts, cgroup);
        foreach (var mount in (spec.Mounts ?? []).Where(m => m.Type == "cgroup" && m.Destination is not null))
        {
            foreach (var (name, path) in hierarchies)
                yield return (name.Length == 0 ? mount.Destination! : $"{mount.Destination!.TrimEnd('/')}/{name}", path);
        }
    }

    /// <summary>Masked files of the running container, each a bind mount of /dev/null CRIU is told about by path.</summary>
    public static IEnumerable<string> MaskedFiles(RuntimeSpec spec, int initPid) =>
        (spec.Linux?.MaskedPaths ?? []).Where(path => File.Exists($"/proc/{initPid}/root{path}"));

    public static bool IsBind(Mount mount) =>
        mount.Type == "bind" || mount.Options?.Any(o => o is "bind" or "rbind") == true;

    /// <summary>runc's failure text, with the lines of CRIU's log that say what went wrong logged before it.</summary>
    public static HullException Failure(CriuRequestType type, CriuResponse response, string logFile)
    {
        try
        {
            foreach (string line in File.ReadLines(logFile).Where(l => l.Contains("Error", StringComparison.Ordinal)).Take(10))
                RuntimeLog.Warning(line);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
        string errmsg = string.IsNullOrEmpty(response.ErrorMessage) ? "" : $": {response.ErrorMessage}";
        return new HullException($"criu failed: type {TypeName(type)} errno {response.Errno}{errmsg}\nlog file: {logFile}", ErrorKind.Failed);
    }

    private static string TypeName(CriuRequestType type) => type switch
    {
        CriuRequestType.PreDump => "PRE_DUMP",
        _ => type.ToString().ToUpperInvariant(),
    };
}
