using static Hull.Tests.Differential.Scenarios.Config;

namespace Hull.Tests.Differential.Scenarios;

/// <summary>Each command on each container state, with the arguments it needs, too few and too many, and unknown ids.</summary>
internal static class Commands
{
    private const string Detached = "$R run -d $ID";
    private const string Stopped = "$R run -d $ID && waitfor stopped";
    private const string Paused = "$R run -d $ID && $R pause $ID";
    private const string Created = "$R create $ID";

    /// <summary>Commands that take a container id, with what they are given after it.</summary>
    private static readonly (string Command, string Tail)[] OnContainer =
    [
        ("start", ""), ("state", ""), ("delete", ""), ("kill", ""), ("kill", "KILL"), ("exec", "true"), ("pause", ""),
        ("resume", ""), ("ps", ""), ("events", "--stats"), ("update", "--memory 64m"),
    ];

    /// <summary>The container states a command can meet, and the steps that bring a container there.</summary>
    private static readonly (string State, string Setup, string Config)[] States =
    [
        ("created", Created, Sleeping),
        ("running", Detached, Sleeping),
        ("paused", Paused, Sleeping),
        ("stopped", Stopped, Args("true")),
    ];

    public static IEnumerable<Scenario> All => [.. UnknownContainers, .. ArgumentCounts, .. AcrossStates, .. Lifecycles];

    private static IEnumerable<Scenario> UnknownContainers =>
        OnContainer.Select(c => new Scenario($"{c.Command}/unknown-container{Suffix(c.Tail)}", $"$R {c.Command} $ID {c.Tail}"))
            .Append(new Scenario("delete/unknown-container-force", "$R delete --force $ID"))
            .Append(new Scenario("kill/unknown-container-all", "$R kill --all $ID KILL"));

    private static IEnumerable<Scenario> ArgumentCounts =>
    [
        .. new[] { "start", "state", "delete", "kill", "exec", "pause", "resume", "ps", "events", "update", "create", "run" }
            .Select(command => new Scenario($"{command}/no-arguments", $"$R {command}")),
        .. new[] { "start", "state", "delete", "pause", "resume", "events", "update", "create", "run" }
            .Select(command => new Scenario($"{command}/two-ids", $"$R {command} $ID $ID2")),
        new("kill/three-arguments", "$R kill $ID KILL extra"),
        new("exec/id-only", Detached, "$R exec $ID") { Config = Sleeping },
        new("list/argument", "$R list extra"),
        new("spec/argument", "cd $T && $R spec extra"),
        new("features/argument", "$R features extra"),
    ];

    /// <summary>Every command on a container in every state, and `state` after it.</summary>
    private static IEnumerable<Scenario> AcrossStates =>
        from state in States
        from command in OnContainer.Where(c => c.Command != "kill" || c.Tail != "")
        select new Scenario($"{command.Command}/{state.State}{Suffix(command.Tail)}",
            state.Setup, $"$R {command.Command} $ID {command.Tail} | {Reduced(command.Command)}", "status")
        { Config = state.Config };

    private static IEnumerable<Scenario> Lifecycles =>
    [
        new("create/then-start", Created, "status", "$R start $ID", "status", "$R delete $ID") { Config = Shell("echo started") },
        new("create/duplicate-id", Created, Created) { Config = Sleeping },
        new("run/duplicate-id", Detached, "$R run $ID") { Config = Sleeping },
        new("create/id-with-slash", "$R create a/b") { Config = Sleeping },
        new("create/id-dot-dot", "$R create ..") { Config = Sleeping },
        new("create/id-empty", "$R create ''") { Config = Sleeping },
        new("create/id-long", "$R create $ID$(printf 'x%.0s' $(seq 1 300))") { Config = Sleeping },
        new("create/id-with-space", "$R create 'a b'") { Config = Sleeping },
        new("start/twice", Created, "$R start $ID", "$R start $ID") { Config = Sleeping },
        new("run/exit-code", "$R run $ID") { Config = Shell("exit 3") },
        new("run/signalled", "$R run $ID") { Config = Shell("kill -9 $$") },
        new("run/output", "$R run $ID") { Config = Shell("echo out; echo err >&2") },
        new("run/stdin", "echo piped | $R run $ID") { Config = Args("cat") },
        new("run/gone-after-exit", "$R run $ID", "$R list -q", "$R state $ID") { Config = Args("true") },
        new("run/detached-output", "$R run -d $ID > $T/out 2>&1 && waitfor stopped && cat $T/out") { Config = Shell("echo detached") },
        new("delete/created-kills-init", Created, "p=$(pid) && $R delete $ID && ! kill -0 $p 2>/dev/null && echo gone") { Config = Sleeping },
        new("delete/paused-force", Paused, "$R delete --force $ID", "$R list -q") { Config = Sleeping },
        new("state/output-running", Detached, "$R state $ID") { Config = Sleeping },
        new("state/output-created", Created, "$R state $ID") { Config = Sleeping },
        new("state/annotations", Detached, "$R state $ID | jq -c .annotations") { Config = And(Sleeping, ".annotations = {\"a\": \"1\", \"b\": \"2\"}") },
        new("list/empty", "$R list", "$R list -q", "$R list --format json"),
        new("list/missing-root", "$RT --root $T/none list", "$RT --root $T/none list --format json"),
        new("list/states", Created, "$R run -d $ID2", "$R list | awk '{print $1, $3}'", "$R list -q") { Config = Sleeping },
        new("list/table", Detached, "$R list | sed 's/  */ /g; s/ [0-9][0-9]* / PID /'") { Config = Sleeping },
        new("list/json", Detached, "$R list --format json | jq -S .") { Config = Sleeping },
        new("list/bad-format", "$R list --format yaml"),
        new("ps/table", Detached, "$R ps $ID | head -n 1", "$R ps $ID | wc -l") { Config = Sleeping },
        new("ps/ps-options", Detached, "$R ps $ID -o comm") { Config = Sleeping },
        new("ps/bad-format", Detached, "$R ps --format yaml $ID") { Config = Sleeping },
        new("ps/json-processes", Detached, "$R exec -d $ID sleep 100", "$R ps --format json $ID | jq length") { Config = Sleeping },
        new("kill/default-signal", Detached, "$R kill $ID", "waitfor stopped && echo stopped") { Config = Sleeping },
        new("kill/signal-0", Detached, "$R kill $ID 0", "status") { Config = Sleeping },
        new("kill/signal-0-all-stopped", Stopped, "$R kill --all $ID 0", "$R kill $ID 0") { Config = Args("true") },
        new("kill/bad-signal", Detached, "$R kill $ID FOO", "$R kill $ID 99", "$R kill $ID -- -9") { Config = Sleeping },
        .. new[] { "9", "KILL", "SIGKILL", "sigkill", "kill", "SIGRTMIN", "SIGRTMIN+1", "RTMAX-2", "64", "65", "HUP" }.Select(signal =>
            new Scenario($"kill/signal-{signal}", Detached, $"$R kill $ID {signal}", "sleep 0.2; status") { Config = Sleeping }),
        new("kill/all-signals-every-process", Detached, "$R exec -d $ID sleep 100", "$R kill --all $ID KILL", "waitfor stopped && echo stopped") { Config = Sleeping },
        new("pause/then-resume", Detached, "$R pause $ID", "status", "$R resume $ID", "status") { Config = Sleeping },
        new("events/stats-fields", Detached, "$R events --stats $ID | jq -c '.data | keys'", "$R events --stats $ID | jq -c '.data.memory | keys'")
        { Config = Sleeping },
        new("events/stopped-while-streaming", Detached, "(sleep 0.5; $R kill $ID KILL) & timeout 10 $R events --interval 10s $ID; echo rc=$?") { Config = Sleeping },
        new("events/bad-interval", Detached, "$R events --interval 0 $ID", "$R events --interval nonsense $ID") { Config = Sleeping },
        new("update/resources-stdin", Detached, "echo '{\"pids\": {\"limit\": 7}}' | $R update -r - $ID", "cg pids.max") { Config = Sleeping },
        new("update/resources-missing-file", Detached, "$R update -r $T/none.json $ID") { Config = Sleeping },
        new("update/resources-bad-json", Detached, "echo '{nope' | $R update -r - $ID") { Config = Sleeping },
        new("update/bad-memory", Detached, "$R update --memory lots $ID") { Config = Sleeping },
        new("update/no-change", Detached, "$R update $ID", "cg pids.max") { Config = Sleeping },
        new("update/memory-below-usage", Detached, "$R update --memory 4096 $ID") { Config = Sleeping },
        new("update/memory-and-swap", Detached, "$R update --memory 64m --memory-swap 128m $ID", "cg memory.limit_in_bytes", "cg memory.memsw.limit_in_bytes")
        { Config = Sleeping },
        new("update/kept-in-state", Detached, "$R update --pids-limit 9 $ID", "$R exec $ID cat /sys/fs/cgroup/pids/pids.max") { Config = Sleeping },
        new("start/stopped-process-exit", Created, "$R start $ID", "waitfor stopped && status") { Config = Shell("exit 5") },
        new("features/keys", "$R features | jq -S 'keys'", "$R features | jq -S '.linux | keys'"),
        new("features/namespaces", "$R features | jq -c '.linux.namespaces'"),
        new("features/capabilities", "$R features | jq -c '.linux.capabilities | length'"),
        new("features/mount-options", "$R features | jq -c '.mountOptions | sort'"),
        new("features/seccomp", "$R features | jq -c '.linux.seccomp | keys'", "$R features | jq -c '.linux.seccomp.actions'"),
        new("features/cgroup", "$R features | jq -c '.linux.cgroup'"),
        new("features/versions", "$R features | jq -c '[.ociVersionMin, .ociVersionMax]'"),
    ];

    /// <summary>What of a command's output is the same in every run: ps's first and last columns, events' keys.</summary>
    private static string Reduced(string command) => command switch
    {
        "ps" => "awk '{print $1, $NF}'",
        "events" => "jq -c '[.type, (.data | keys)]'",
        _ => "head -n 3",
    };

    private static string Suffix(string rest) => rest.Length == 0 ? "" : "-" + rest.TrimStart('-').Split(' ')[0].ToLowerInvariant();
}
