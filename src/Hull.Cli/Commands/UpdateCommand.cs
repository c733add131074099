using Hull.Spec;

namespace Hull.Cli.Commands;

internal sealed class UpdateCommand : Command
{
    public override string Name => "update";

    public override string Summary => "update container resource constraints";

    public override string ArgumentsUsage => "<container-id>";

    public override IReadOnlyList<Flag> Flags =>
    [
        new("resources", "path to the file containing the resources to update or '-' to read from the standard input", true, "r"),
        new("blkio-weight", "specifies per cgroup weight, range is from 10 to 1000", true),
        new("cpu-period", "CPU CFS period to be used for hardcapping (in usecs). 0 to use system default", true),
        new("cpu-quota", "CPU CFS hardcap limit (in usecs). Allowed cpu time in a given period", true),
        new("cpu-share", "CPU shares (relative weight vs. other containers)", true),
        new("cpu-rt-period", "CPU realtime period to be used for hardcapping (in usecs). 0 to use system default", true),
        new("cpu-rt-runtime", "CPU realtime hardcap limit (in usecs). Allowed cpu time in a given period", true),
        new("cpu-idle", "set cgroup SCHED_IDLE or not, 0: default behavior, 1: SCHED_IDLE", true),
        new("cpuset-cpus", "CPU(s) to use", true),
        new("cpuset-mems", "Memory node(s) to use", true),
        new("memory", "Memory limit (in bytes)", true),
        new("memory-reservation", "Memory reservation or soft_limit (in bytes)", true),
        new("memory-swap", "Total memory usage (memory + swap); set '-1' to enable unlimited swap", true),
        new("kernel-memory", "Kernel memory limit (in bytes)", true),
        new("kernel-memory-tcp", "Kernel memory limit (in bytes) for tcp buffer", true),
        new("pids-limit", "Maximum number of pids allowed in the container", true),
    ];

    public override int Execute(Arguments args, GlobalOptions global)
    {
        var resources = args.Value("resources") is { } source ? ReadResources(source) : new LinuxResources();
        ApplyFlags(resources, args);
        Runtime(global).Update(args.Positionals[0], resources);
        return 0;
    }

    private static LinuxResources ReadResources(string source)
    {
        string json = source == "-" ? Console.In.ReadToEnd() : File.ReadAllText(source);
        return SpecLoader.ParseResources(json, source == "-" ? "stdin" : source);
    }

    /// <summary>Individual flags win over the resources file, as with runc.</summary>
    private static void ApplyFlags(LinuxResources r, Arguments args)
    {
        if (Number(args, "blkio-weight") is long weight)
            (r.BlockIO ??= new()).Weight = (ushort)weight;
        if (Number(args, "cpu-period") is long period)
            (r.Cpu ??= new()).Period = (ulong)period;
        if (Number(args, "cpu-quota") is long quota)
            (r.Cpu ??= new()).Quota = quota;
        if (Number(args, "cpu-share") is long shares)
            (r.Cpu ??= new()).Shares = (ulong)shares;
        if (Number(args, "cpu-rt-period") is long rtPeriod)
            (r.Cpu ??= new()).RealtimePeriod = (ulong)rtPeriod;
        if (Number(args, "cpu-rt-runtime") is long rtRuntime)
            (r.Cpu ??= new()).RealtimeRuntime = rtRuntime;
        if (Number(args, "cpu-idle") is long idle)
            (r.Cpu ??= new()).Idle = idle;
        if (args.Value("cpuset-cpus") is { } cpus)
            (r.Cpu ??= new()).Cpus = cpus;
        if (args.Value("cpuset-mems") is { } mems)
            (r.Cpu ??= new()).Mems = mems;
        if (Bytes(args, "memory") is long memory)
            (r.Memory ??= new()).Limit = memory;
        if (Bytes(args, "memory-reservation") is long reservation)
            (r.Memory ??= new()).Reservation = reservation;
        if (Bytes(args, "memory-swap") is long swap)
            (r.Memory ??= new()).Swap = swap;
        if (Bytes(args, "kernel-memory") is long kernel)
            (r.Memory ??= new()).Kernel = kernel;
        if (Bytes(args, "kernel-memory-tcp") is long tcp)
            (r.Memory ??= new()).KernelTcp = tcp;
        if (Number(args, "pids-limit") is long pids)
            (r.Pids ??= new()).Limit = pids;
    }

    private static long? Number(Arguments args, string name) =>
        args.Value(name) is not { } text ? null
            : long.TryParse(text, out long value) ? value : throw new UsageException($"invalid value \"{text}\" for flag --{name}");

    private static long? Bytes(Arguments args, string name) => args.Value(name) is { } text ? ByteSize.Parse(text, name) : null;
}
