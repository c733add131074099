using static Hull.Tests.Differential.Scenarios.Config;

namespace Hull.Tests.Differential.Scenarios;

/// <summary>Every flag of every command, in every spelling (see <see cref="FlagCase"/>).</summary>
internal static class Flags
{
    private const string Detached = "$R run -d $ID";
    private const string SameAsStatePid = "[ \"$(cat $T/pid)\" = \"$(pid)\" ] && echo same pid";

    public static IEnumerable<Scenario> All => Cases.SelectMany(c => c.Expand());

    private static IEnumerable<FlagCase> Cases =>
    [
        // create
        new("create", "bundle") { Short = "b", Value = "$B", Line = "cd $T && $R create {F} $ID{A}", After = ["status"] },
        new("create", "console-socket")
        {
            Value = "$T/tty.sock", Config = ".process.terminal = true", Before = ["console"],
            Line = "$R create {F} $ID{A}", After = ["status"],
        },
        new("create", "pid-file") { Value = "$T/pid", Line = "$R create {F} $ID{A}", After = [SameAsStatePid] },
        new("create", "no-pivot") { Line = "$R create {F} $ID{A}", After = ["status"] },
        new("create", "no-new-keyring") { Line = "$R create {F} $ID{A}", After = ["status"] },
        new("create", "preserve-fds")
        {
            Value = "1", Config = Shell("ls /proc/self/fd"), Line = "exec 3>$T/extra; $R create {F} $ID{A}", After = ["status"],
        },

        // run
        new("run", "bundle") { Short = "b", Value = "$B", Config = Shell("echo ran"), Line = "cd $T && $R run {F} $ID{A}" },
        new("run", "console-socket")
        {
            Value = "$T/tty.sock", Config = And(".process.terminal = true", Sleeping), Before = ["console"],
            Line = "$R run -d {F} $ID{A}", After = ["status"],
        },
        new("run", "detach") { Short = "d", Config = Sleeping, Line = "$R run {F} $ID{A}", After = ["status"] },
        new("run", "keep") { Config = Shell("exit 3"), Line = "$R run {F} $ID{A}", After = ["status", "$R delete $ID", "$R list -q"] },
        new("run", "pid-file") { Value = "$T/pid", Config = Sleeping, Line = "$R run -d {F} $ID{A}", After = [SameAsStatePid] },
        new("run", "no-subreaper") { Config = Shell("echo ran"), Line = "$R run {F} $ID{A}" },
        new("run", "no-pivot") { Config = Shell("echo ran"), Line = "$R run {F} $ID{A}" },
        new("run", "no-new-keyring") { Config = Shell("echo ran"), Line = "$R run {F} $ID{A}" },
        new("run", "preserve-fds") { Value = "1", Config = Shell("ls /proc/self/fd"), Line = "exec 3>$T/extra; $R run {F} $ID{A}" },

        // delete, kill
        new("delete", "force") { Short = "f", Config = Sleeping, Before = [Detached], Line = "$R delete {F} $ID{A}", After = ["$R list -q"] },
        new("kill", "all")
        {
            Short = "a", Config = Sleeping, Before = [Detached], Line = "$R kill {F} $ID KILL{A}", After = ["waitfor stopped && echo stopped"],
        },

        // exec: what follows the id is the process, so a flag there is the command to run
        new("exec", "console-socket")
        {
            Value = "$T/tty.sock", Config = Sleeping, Before = [Detached, "console"], Line = "$R exec -d -t {F} $ID{A} true",
        },
        new("exec", "cwd") { Value = "/tmp", Config = Sleeping, Before = [Detached], Line = "$R exec {F} $ID{A} pwd" },
        new("exec", "env") { Short = "e", Value = "FOO=bar", Config = Sleeping, Before = [Detached], Line = "$R exec {F} $ID{A} sh -c 'echo $FOO'" },
        new("exec", "tty") { Short = "t", Config = Sleeping, Before = [Detached], Line = "$R exec {F} $ID{A} true" },
        new("exec", "user") { Short = "u", Value = "1000:1000", Config = Sleeping, Before = [Detached], Line = "$R exec {F} $ID{A} id" },
        new("exec", "additional-gids") { Short = "g", Value = "10", Config = Sleeping, Before = [Detached], Line = "$R exec {F} $ID{A} id" },
        new("exec", "process")
        {
            Short = "p", Value = "$T/process.json", Config = Sleeping,
            Before = [Detached, "jq '.process | .args = [\"echo\", \"from process.json\"]' config.json > $T/process.json"],
            Line = "$R exec {F} $ID{A}",
        },
        new("exec", "detach") { Short = "d", Config = Sleeping, Before = [Detached], Line = "$R exec {F} $ID{A} true" },
        new("exec", "pid-file")
        {
            Value = "$T/pid", Config = Sleeping, Before = [Detached], Line = "$R exec -d {F} $ID{A} sleep 100",
            After = ["test -s $T/pid && grep -qx '[0-9]*' $T/pid && echo pid written"],
        },
        new("exec", "process-label") { Value = "system_u:system_r:container_t:s0", Config = Sleeping, Before = [Detached], Line = "$R exec {F} $ID{A} true" },
        new("exec", "apparmor") { Value = "unconfined", Config = Sleeping, Before = [Detached], Line = "$R exec {F} $ID{A} true" },
        new("exec", "no-new-privs") { Config = Sleeping, Before = [Detached], Line = "$R exec {F} $ID{A} grep NoNewPrivs /proc/self/status" },
        new("exec", "cap") { Short = "c", Value = "CAP_SYS_ADMIN", Config = Sleeping, Before = [Detached], Line = "$R exec {F} $ID{A} grep Cap /proc/self/status" },
        new("exec", "preserve-fds")
        {
            Value = "1", Config = Sleeping, Before = [Detached], Line = "exec 3>$T/extra; $R exec {F} $ID{A} ls /proc/self/fd",
        },
        new("exec", "cgroup")
        {
            Value = "sub", Config = Sleeping, Before = [Detached, "mkdir $(cgdir memory)/sub"],
            Line = "$R exec {F} $ID{A} sh -c 'grep memory /proc/self/cgroup | grep -o /sub'",
        },
        new("exec", "ignore-paused") { Config = Sleeping, Before = [Detached, "$R pause $ID"], Line = "$R exec {F} $ID{A} echo ok" },

        // list, ps, events
        new("list", "format") { Short = "f", Value = "json", Config = Sleeping, Before = [Detached], Line = "$R list {F}{A}" },
        new("list", "quiet") { Short = "q", Config = Sleeping, Before = [Detached], Line = "$R list {F}{A}" },
        new("ps", "format") { Short = "f", Value = "json", Config = Sleeping, Before = [Detached], Line = "$R ps {F} $ID{A} | sed 's/[0-9][0-9]*/N/g'" },
        new("events", "stats") { Config = Sleeping, Before = [Detached], Line = "$R events {F} $ID{A} | jq -c '[.type, .id, (.data | keys)]'" },
        new("events", "interval")
        {
            Value = "100ms", Config = Sleeping, Before = [Detached],
            Line = "timeout 1 $R events {F} $ID{A} | head -n 1 | jq -c '[.type, .id, (.data | keys)]'",
        },

        // update
        new("update", "resources")
        {
            Short = "r", Value = "$T/resources.json", Config = Sleeping,
            Before = [Detached, "echo '{\"memory\": {\"limit\": 67108864}, \"pids\": {\"limit\": 42}}' > $T/resources.json"],
            Line = "$R update {F} $ID{A}", After = ["cg memory.limit_in_bytes", "cg pids.max"],
        },
        Update("blkio-weight", "500", "blkio.weight"),
        Update("cpu-period", "200000", "cpu.cfs_period_us"),
        Update("cpu-quota", "50000", "cpu.cfs_quota_us"),
        Update("cpu-share", "512", "cpu.shares"),
        Update("cpu-rt-period", "900000", "cpu.rt_period_us"),
        Update("cpu-rt-runtime", "0", "cpu.rt_runtime_us"),
        Update("cpuset-cpus", "0", "cpuset.cpus"),
        Update("cpuset-mems", "0", "cpuset.mems"),
        Update("memory", "64m", "memory.limit_in_bytes"),
        Update("memory-reservation", "32m", "memory.soft_limit_in_bytes"),
        Update("memory-swap", "-1", "memory.memsw.limit_in_bytes"),
        Update("pids-limit", "50", "pids.max"),
        Update("l3-cache-schema", "L3:0=f", "pids.max"),
        Update("mem-bw-schema", "MB:0=50", "pids.max"),

        // spec
        new("spec", "bundle") { Short = "b", Value = "$T", Line = "$R spec {F}{A} && jq -S . $T/config.json" },
        new("spec", "rootless") { Line = "cd $T && $R spec {F}{A} && jq -S . config.json" },
    ];

    private static FlagCase Update(string flag, string value, string file) => new("update", flag)
    {
        Value = value, Config = Sleeping, Before = [Detached], Line = "$R update {F} $ID{A}", After = [$"cg {file}"],
    };
}
