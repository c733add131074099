using System.Globalization;
using Hull.Runtime;
using Hull.Spec;

namespace Hull.Cli.Commands;

/// <summary>
/// `update`, as runc's: the resources come from --resources (a file, or - for stdin), or else from the flags. A value of
/// 0 means "leave as it is", and only what runc can change is changed: block I/O weight, CPU, memory, pids and unified
/// (devices, throttling, huge pages and the network stay as created).
/// </summary>
internal sealed class UpdateCommand : Command
{
    public override string Name => "update";

    public override string Summary => "update container resource constraints";

    public override string ArgumentsUsage => "<container-id>";

    public override IReadOnlyList<Flag> Flags =>
    [
        new("resources", "path to the file containing the resources to update or '-' to read from the standard input", FlagKind.String, "r"),
        new("blkio-weight", "Specifies per cgroup weight, range is from 10 to 1000", FlagKind.Int),
        new("cpu-period", "CPU CFS period to be used for hardcapping (in usecs). 0 to use system default", FlagKind.String),
        new("cpu-quota", "CPU CFS hardcap limit (in usecs). Allowed cpu time in a given period", FlagKind.String),
        new("cpu-share", "CPU shares (relative weight vs. other containers)", FlagKind.String),
        new("cpu-rt-period", "CPU realtime period to be used for hardcapping (in usecs). 0 to use system default", FlagKind.String),
        new("cpu-rt-runtime", "CPU realtime hardcap limit (in usecs). Allowed cpu time in a given period", FlagKind.String),
        new("cpu-idle", "set cgroup SCHED_IDLE or not, 0: default behavior, 1: SCHED_IDLE", FlagKind.String),
        new("cpuset-cpus", "CPU(s) to use", FlagKind.String),
        new("cpuset-mems", "Memory node(s) to use", FlagKind.String),
        new("memory", "Memory limit (in bytes)", FlagKind.String),
        new("memory-reservation", "Memory reservation or soft_limit (in bytes)", FlagKind.String),
        new("memory-swap", "Total memory usage (memory + swap); set '-1' to enable unlimited swap", FlagKind.String),
        new("pids-limit", "Maximum number of pids allowed in the container", FlagKind.Int),
        new("l3-cache-schema", "The string of Intel RDT/CAT L3 cache schema", FlagKind.String),
        new("mem-bw-schema", "The string of Intel RDT/MBA memory bandwidth schema", FlagKind.String),
    ];

    public override int Execute(Arguments args, GlobalOptions global)
    {
        var runtime = Runtime(global);
        string id = args.Positionals[0];
        runtime.State(id);
        var given = args.Value("resources") is { Length: > 0 } source ? ReadResources(source) : FromFlags(args);
        if (given.Memory is { } memory && (memory.Kernel is not null || memory.KernelTcp is not null))
            RuntimeLog.Warning("Kernel memory settings are ignored and will be removed");
        var resources = Updatable(given);
        string? l3 = args.Value("l3-cache-schema") is { Length: > 0 } l3Text ? l3Text : null;
        string? memBw = args.Value("mem-bw-schema") is { Length: > 0 } memBwText ? memBwText : null;
        runtime.Update(id, resources, l3, memBw);
        return 0;
    }

    private static LinuxResources ReadResources(string source)
    {
        if (source != "-")
            return SpecLoader.LoadResources(source);
        return SpecLoader.ParseResources(new StreamReader(StandardStreams.OpenInput()).ReadToEnd(), "stdin");
    }

    private static LinuxResources FromFlags(Arguments args)
    {
        var r = new LinuxResources { Cpu = new LinuxCpu(), Memory = new LinuxMemory() };
        if (args.Int("blkio-weight") is not 0 and var weight)
            r.BlockIO = new LinuxBlockIO { Weight = (ushort)weight };
        if (args.Value("cpuset-cpus") is { Length: > 0 } cpus)
            r.Cpu.Cpus = cpus;
        if (args.Value("cpuset-mems") is { Length: > 0 } mems)
            r.Cpu.Mems = mems;
        r.Cpu.Period = Unsigned(args, "cpu-period");
        r.Cpu.RealtimePeriod = Unsigned(args, "cpu-rt-period");
        r.Cpu.Shares = Unsigned(args, "cpu-share");
        r.Cpu.Quota = Signed(args, "cpu-quota");
        r.Cpu.RealtimeRuntime = Signed(args, "cpu-rt-runtime");
        if (Signed(args, "cpu-idle") is { } idle)
            r.Cpu.Idle = idle;
        r.Memory.Limit = Size(args, "memory");
        r.Memory.Swap = Size(args, "memory-swap");
        r.Memory.Reservation = Size(args, "memory-reservation");
        if (args.Int("pids-limit") is not 0 and var pids)
            r.Pids = new LinuxPids { Limit = pids };
        return r;
    }

    /// <summary>What runc's update changes of <paramref name="given"/>, every 0 left out as unchanged.</summary>
    private static LinuxResources Updatable(LinuxResources given) => new()
    {
        BlockIO = given.BlockIO?.Weight is > 0 and var weight ? new LinuxBlockIO { Weight = weight } : null,
        Cpu = given.Cpu is { } cpu ? new LinuxCpu
        {
            Shares = NonZero(cpu.Shares),
            Quota = NonZero(cpu.Quota),
            Period = NonZero(cpu.Period),
            RealtimeRuntime = NonZero(cpu.RealtimeRuntime),
            RealtimePeriod = NonZero(cpu.RealtimePeriod),
            Cpus = string.IsNullOrEmpty(cpu.Cpus) ? null : cpu.Cpus,
            Mems = string.IsNullOrEmpty(cpu.Mems) ? null : cpu.Mems,
            Idle = cpu.Idle,
        } : null,
        Memory = given.Memory is { } memory ? new LinuxMemory
        {
            Limit = NonZero(memory.Limit),
            Reservation = NonZero(memory.Reservation),
            Swap = NonZero(memory.Swap),
        } : null,
        Pids = given.Pids?.Limit is { } limit and not 0 ? new LinuxPids { Limit = limit } : null,
        Unified = given.Unified,
    };

    private static T? NonZero<T>(T? value) where T : struct, System.Numerics.INumber<T> => value is { } v && !T.IsZero(v) ? v : null;

    private static ulong? Unsigned(Arguments args, string name) =>
        args.Value(name) is not { Length: > 0 } text ? null
            : ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out ulong value) ? value
            : throw new HullException($"invalid value for {name}: strconv.ParseUint: parsing {GoText.Quote(text)}: invalid syntax", ErrorKind.InvalidArgument);

    private static long? Signed(Arguments args, string name) =>
        args.Value(name) is not { Length: > 0 } text ? null
            : long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value) ? value
            : throw new HullException($"invalid value for {name}: strconv.ParseInt: parsing {GoText.Quote(text)}: invalid syntax", ErrorKind.InvalidArgument);

    private static long? Size(Arguments args, string name) =>
        args.Value(name) is not { Length: > 0 } text ? null
            : text == "-1" ? -1
            : ByteSize.TryParse(text) ?? throw new HullException($"invalid value for {name}: invalid size: '{text}'", ErrorKind.InvalidArgument);
}
