using static Hull.Tests.Differential.Scenarios.Config;

namespace Hull.Tests.Differential.Scenarios;

/// <summary>The global flags, help and version, and the spec command.</summary>
internal static class Global
{
    private static readonly string[] CommandNames =
        ["checkpoint", "create", "delete", "events", "exec", "kill", "list", "pause", "ps", "restore", "resume", "run", "spec", "start", "state", "update", "features"];

    public static IEnumerable<Scenario> All =>
    [
        new("global/version", "$RT --version | sed 's/: .*/: V/; s/version .*/version V/'", "$RT -v | head -n 1 | cut -d' ' -f1-2"),
        new("global/version-with-command", "$RT --version list | head -n 1 | cut -d' ' -f1-2"),
        new("global/help", "$RT --help | head -n 2", "$RT -h | head -n 2", "$RT help | head -n 2"),
        new("global/help-commands", "$RT --help | sed -n '/^COMMANDS:/,/^$/p' | awk 'NR > 1 && NF {print $1}' | sort"),
        new("global/help-flags", "$RT --help | sed -n '/^GLOBAL OPTIONS:/,$p' | grep -o -- '--[a-z-]*' | sort -u"),
        new("global/no-command", "$RT | head -n 2"),
        new("global/unknown-command", "$RT foo", "$RT foo -h"),
        new("global/unknown-flag", "$RT --nope list > $T/out; head -n 1 $T/out"),
        new("global/flag-missing-value", "$RT --root"),
        new("global/root-relative", "mkdir -p $T/rel && cd $T && $RT --root rel list -q"),
        new("global/root-is-a-file", "touch $T/file && $RT --root $T/file list", "$RT --root $T/file state $ID"),
        new("global/root-created-by-create", "$RT --root $T/new create $ID >/dev/null 2>&1; test -d $T/new && echo created; $RT --root $T/new delete -f $ID")
        { Config = Sleeping },
        new("global/log-created", "$R --log $T/log list -q", "test -e $T/log && echo log exists"),
        new("global/log-error-text", "$R --log $T/log state $ID", "sed 's/time=\"[^\"]*\"/time=T/' $T/log"),
        new("global/log-error-json", "$R --log $T/log --log-format json state $ID", "jq -c '{level, msg}' $T/log"),
        new("global/log-format-json-stderr", "$R --log-format json state $ID"),
        new("global/log-format-bad", "$R --log-format yaml list"),
        new("global/log-unwritable", "$R --log /proc/version list -q"),
        new("global/debug", "$R --debug run $ID 2>$T/err; grep -c 'level=debug' $T/err | sed 's/^[1-9][0-9]*$/some/'") { Config = Shell("echo hi") },
        new("global/debug-log", "$R --debug --log $T/log run $ID", "grep -c 'level=debug' $T/log | sed 's/^[1-9][0-9]*$/some/'") { Config = Shell("echo hi") },
        new("global/debug-log-json", "$R --debug --log $T/log --log-format json run $ID", "jq -r .level $T/log | sort -u") { Config = Shell("echo hi") },
        new("global/debug-exec", "$R run -d $ID", "$R --debug exec $ID true 2>$T/err; grep -c 'level=debug' $T/err | sed 's/^[1-9][0-9]*$/some/'")
        { Config = Sleeping },
        new("global/criu-flag", "$R --criu /bin/false list -q"),
        .. new[] { "true", "false", "auto", "maybe" }.Select(v => new Scenario($"global/rootless-{v}", $"$R --rootless {v} list -q")),
        new("global/flag-after-command", "$R list --root $S"),
        .. CommandNames.Select(c => new Scenario($"help/{c}", $"$RT {c} --help | head -n 2", $"$RT {c} -h | head -n 2")),
        new("help/exec-flags", "$RT exec --help | grep -o -- '--[a-z-]*' | sort -u"),
        new("help/run-flags", "$RT run --help | grep -o -- '--[a-z-]*' | sort -u"),
        new("help/create-flags", "$RT create --help | grep -o -- '--[a-z-]*' | sort -u"),
        new("help/update-flags", "$RT update --help | grep -o -- '--[a-z-]*' | sort -u"),
        new("spec/default", "cd $T && $R spec && jq -S . config.json"),
        new("spec/rootless", "cd $T && $R spec --rootless && jq -S . config.json"),
        new("spec/exists", "$R spec"),
        new("spec/missing-bundle", "$R spec --bundle $T/none"),
        new("spec/file-mode", "cd $T && $R spec && stat -c %a config.json"),
    ];
}
