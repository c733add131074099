namespace Hull.Runtime.Checkpoint;

/// <summary>The requests of CRIU's RPC protocol (criu_req_type in CRIU's images/rpc.proto) that hull sends.</summary>
internal enum CriuRequestType
{
    Dump = 1,
    Restore = 2,
    PreDump = 4,
    Notify = 6,
    FeatureCheck = 9,
    Version = 10,
}

/// <summary>What CRIU does with the container's cgroups (criu_cg_mode).</summary>
internal enum CriuCgroupMode
{
    Ignore = 0,
    Soft = 3,
    Full = 4,
    Strict = 5,
    Default = 6,
}

/// <summary>criu_opts: the fields hull sets, by their numbers in rpc.proto.</summary>
internal sealed class CriuOptions
{
    public int ImagesDirFd { get; set; } = -1;
    public int? Pid { get; set; }
    public bool LeaveRunning { get; set; }
    public bool ExtUnixSockets { get; set; }
    public bool TcpEstablished { get; set; }
    public bool EvasiveDevices { get; set; }
    public bool ShellJob { get; set; }
    public bool FileLocks { get; set; }
    public int LogLevel { get; set; } = 4;
    public string? LogFile { get; set; }
    public (string Address, int Port)? PageServer { get; set; }
    public string? Root { get; set; }
    public string? ParentImage { get; set; }
    public bool TrackMemory { get; set; }
    public bool AutoDedup { get; set; }
    public int? WorkDirFd { get; set; }
    public List<(string Key, string Value)> ExternalMounts { get; } = [];
    public List<(string Controller, string Path)> CgroupRoots { get; } = [];
    public bool RestoreAsSibling { get; set; }
    public List<(string Key, int Fd)> InheritedFds { get; } = [];
    public CriuCgroupMode CgroupMode { get; set; } = CriuCgroupMode.Default;
    public List<string> External { get; } = [];
    public uint EmptyNamespaces { get; set; }
    public List<(string Namespace, string File)> JoinNamespaces { get; } = [];
    public string? FreezeCgroup { get; set; }
    public bool LazyPages { get; set; }
    public bool OrphanPtsMaster { get; set; }
    public string? LsmProfile { get; set; }
    public string? LsmMountContext { get; set; }

    /// <summary>Names a mount as external (ext_mnt), by its path in the container; the first naming of a path holds.</summary>
    public void AddExternalMount(string key, string value)
    {
        if (!ExternalMounts.Exists(m => m.Key == key))
            ExternalMounts.Add((key, value));
    }

    public ProtoWriter ToProto()
    {
        var w = new ProtoWriter()
            .Int(1, ImagesDirFd)
            .Int(2, Pid)
            .Bool(3, LeaveRunning)
            .Bool(4, ExtUnixSockets)
            .Bool(5, TcpEstablished)
            .Bool(6, EvasiveDevices)
            .Bool(7, ShellJob)
            .Bool(8, FileLocks)
            .Int(9, LogLevel)
            .String(10, LogFile)
            .Message(11, PageServer is var (address, port) ? new ProtoWriter().String(1, address).Int(2, port) : null)
            .Bool(12, true)
            .String(13, Root)
            .String(14, ParentImage)
            .Bool(15, TrackMemory)
            .Bool(16, AutoDedup)
            .Int(17, WorkDirFd);
        foreach (var (key, value) in ExternalMounts)
            w.Message(23, new ProtoWriter().String(1, key).String(2, value));
        w.Bool(24, true);
        foreach (var (controller, path) in CgroupRoots)
            w.Message(25, new ProtoWriter().String(1, controller).String(2, path));
        w.Bool(26, RestoreAsSibling);
        foreach (var (key, fd) in InheritedFds)
            w.Message(27, new ProtoWriter().String(1, key).Int(2, fd));
        w.Int(34, (int)CgroupMode)
            .Strings(37, External)
            .Int(38, EmptyNamespaces == 0 ? null : EmptyNamespaces);
        foreach (var (ns, file) in JoinNamespaces)
            w.Message(39, new ProtoWriter().String(1, ns).String(2, file));
        return w.String(44, FreezeCgroup)
            .Bool(48, LazyPages)
            .Bool(50, OrphanPtsMaster)
            .String(53, LsmProfile)
            .String(63, LsmMountContext);
    }
}

/// <summary>criu_req.</summary>
internal sealed record CriuRequest(CriuRequestType Type, CriuOptions? Options = null, bool NotifySuccess = false, bool CheckMemoryTracking = false, bool CheckLazyPages = false)
{
    public byte[] Encode()
    {
        var w = new ProtoWriter().Int(1, (int)Type).Message(2, Options?.ToProto()).Bool(3, NotifySuccess);
        if (CheckMemoryTracking || CheckLazyPages)
            w.Message(5, new ProtoWriter().Bool(1, CheckMemoryTracking).Bool(2, CheckLazyPages));
        return w.ToArray();
    }
}

/// <summary>criu_resp, with the parts hull reads: a notification's script and pid, the restored pid, the version, features.</summary>
internal sealed record CriuResponse
{
    public CriuRequestType Type { get; private init; }
    public bool Success { get; private init; }
    public int Errno { get; private init; }
    public string? ErrorMessage { get; private init; }
    public string? NotifyScript { get; private init; }
    public int NotifyPid { get; private init; }
    public int RestoredPid { get; private init; }
    public (int Major, int Minor, int Sublevel, bool FromGit)? Version { get; private init; }
    public bool MemoryTracking { get; private init; }
    public bool LazyPages { get; private init; }

    public static CriuResponse Decode(ReadOnlySpan<byte> data)
    {
        var r = new ProtoReader(data);
        var response = new CriuResponse();
        while (r.Next())
        {
            response = r.Field switch
            {
                1 => response with { Type = (CriuRequestType)r.Int() },
                2 => response with { Success = r.Bool() },
                4 => response with { RestoredPid = FirstInt(r.Bytes(), 1) },
                5 => DecodeNotify(response, r.Bytes()),
                7 => response with { Errno = (int)r.Int() },
                8 => DecodeFeatures(response, r.Bytes()),
                9 => response with { ErrorMessage = r.String() },
                10 => DecodeVersion(response, r.Bytes()),
                _ => Skipped(ref r, response),
            };
        }
        return response;
    }

    private static CriuResponse Skipped(ref ProtoReader r, CriuResponse response)
    {
        r.Skip();
        return response;
    }

    private static CriuResponse DecodeNotify(CriuResponse response, ReadOnlySpan<byte> data)
    {
        var r = new ProtoReader(data);
        while (r.Next())
        {
            response = r.Field switch
            {
                1 => response with { NotifyScript = r.String() },
                2 => response with { NotifyPid = (int)r.Int() },
                _ => Skipped(ref r, response),
            };
        }
        return response;
    }

    private static CriuResponse DecodeFeatures(CriuResponse response, ReadOnlySpan<byte> data)
    {
        var r = new ProtoReader(data);
        while (r.Next())
        {
            response = r.Field switch
            {
                1 => response with { MemoryTracking = r.Bool() },
                2 => response with { LazyPages = r.Bool() },
                _ => Skipped(ref r, response),
            };
        }
        return response;
    }

    private static CriuResponse DecodeVersion(CriuResponse response, ReadOnlySpan<byte> data)
    {
        var r = new ProtoReader(data);
        int major = 0, minor = 0, sublevel = 0;
        bool git = false;
        while (r.Next())
        {
            switch (r.Field)
            {
                case 1: major = (int)r.Int(); break;
                case 2: minor = (int)r.Int(); break;
                case 3: git = r.String().Length > 0; break;
                case 4: sublevel = (int)r.Int(); break;
                default: r.Skip(); break;
            }
        }
        return response with { Version = (major, minor, sublevel, git) };
    }

    private static int FirstInt(ReadOnlySpan<byte> data, int field)
    {
        var r = new ProtoReader(data);
        while (r.Next())
        {
            if (r.Field == field)
                return (int)r.Int();
            r.Skip();
        }
        return 0;
    }
}
