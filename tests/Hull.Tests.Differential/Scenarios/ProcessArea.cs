using static Hull.Tests.Differential.Scenarios.Config;

namespace Hull.Tests.Differential.Scenarios;

/// <summary>config.json's process: args, env, cwd, user, capabilities, rlimits, terminal and the rest, as the container sees them.</summary>
internal static class ProcessArea
{
    private const string Status = "grep -E '^(Uid|Gid|Groups|Cap[A-Za-z]*|NoNewPrivs|Seccomp):' /proc/self/status";

    /// <summary>`run` in the foreground of a container whose process runs <paramref name="script"/>.</summary>
    public static Scenario Inside(string name, string config, string script) =>
        new(name, "$R run $ID") { Config = And(config, Shell(script)) };

    public static IEnumerable<Scenario> All =>
    [
        new("process/args-missing-binary", "$R run $ID", "$R list -q") { Config = Args("nonexistent") },
        new("process/args-missing-absolute", "$R run $ID") { Config = Args("/bin/nonexistent") },
        new("process/args-missing-create", "$R create $ID", "$R list -q") { Config = Args("nonexistent") },
        new("process/args-not-executable", "$R run $ID") { Config = Args("/etc/passwd") },
        new("process/args-directory", "$R run $ID") { Config = Args("/tmp") },
        new("process/args-relative", "$R run $ID") { Config = And(Args("./echo", "relative"), ".process.cwd = \"/bin\"") },
        new("process/args-empty", "$R run $ID") { Config = ".process.args = []" },
        new("process/args-absent", "$R run $ID") { Config = "del(.process.args)" },
        new("process/no-process-create", "$R create $ID", "status") { Config = "del(.process)" },
        new("process/no-process-run", "$R run $ID") { Config = "del(.process)" },
        new("process/path-without-path-variable", "$R run $ID") { Config = And(Args("echo", "found"), ".process.env = []") },
        new("process/path-from-env", "$R run $ID") { Config = And(Args("echo", "found"), ".process.env = [\"PATH=/usr/bin\"]") },
        Inside("process/env", ".process.env += [\"FOO=bar\", \"EMPTY=\"]", "env | sort"),
        Inside("process/env-duplicate", ".process.env += [\"A=1\", \"A=2\"]", "echo $A; env | grep -c '^A='"),
        Inside("process/env-no-equals", ".process.env += [\"NOEQUALS\"]", "env | grep NOEQUALS; echo done"),
        Inside("process/env-none", ".process.env = []", "env | sort"),
        Inside("process/home-default", ".process.user = {\"uid\": 65534, \"gid\": 65534}", "echo $HOME"),
        Inside("process/home-root", ".", "echo $HOME"),
        Inside("process/cwd", ".process.cwd = \"/tmp\"", "pwd"),
        Inside("process/cwd-missing", And(Writable, ".process.cwd = \"/made/by/runtime\""), "pwd"),
        Inside("process/cwd-missing-readonly-rootfs", ".process.cwd = \"/made/by/runtime\"", "pwd"),
        Inside("process/cwd-relative", ".process.cwd = \"tmp\"", "pwd"),
        Inside("process/cwd-file", ".process.cwd = \"/etc/passwd\"", "pwd"),
        Inside("process/cwd-root-only", ".process.cwd = \"/root\" | .process.user = {\"uid\": 1000, \"gid\": 1000}", "pwd"),
        new("process/cwd-root-only-exec", "chmod 700 rootfs/root; $R run -d $ID", "$R exec --user 1000 $ID pwd", "$R exec --user 0 $ID pwd")
        { Config = And(Sleeping, ".process.cwd = \"/root\"") },
        // An init's standard stream on the host's /dev/null is reopened on the container's: the mount its fd is on.
        new("process/stdio-dev-null", "$R run -d $ID < /dev/null > /dev/null 2>&1",
            "p=$($R state $ID | jq .pid); m=$(awk '/mnt_id/ { print $2 }' /proc/$p/fdinfo/0); awk -v m=$m '$1 == m { print $5 }' /proc/$p/mountinfo")
        { Config = Sleeping },
        // pid, process group and session of the container's process, and whether an exec'd one leads a session.
        Inside("process/session", ".", "set -- $(cat /proc/$$/stat); echo $1 $5 $6"),
        Inside("process/session-no-pid-namespace", WithoutNamespace("pid"), "set -- $(cat /proc/$$/stat); [ $1 = $6 ] && echo leads its session"),
        new("process/session-exec", "$R run -d $ID", "$R exec $ID sh -c 'set -- $(cat /proc/$$/stat); [ $1 = $6 ] && echo leads its session'")
        { Config = Sleeping },
        Inside("process/user", ".process.user = {\"uid\": 1000, \"gid\": 1001}", "id"),
        Inside("process/user-additional-gids", ".process.user = {\"uid\": 1000, \"gid\": 1000, \"additionalGids\": [10, 20, 10]}", "id"),
        Inside("process/user-root-groups", ".process.user = {\"uid\": 0, \"gid\": 0}", "id"),
        Inside("process/user-status", ".process.user = {\"uid\": 1000, \"gid\": 1000}", Status),
        Inside("process/umask", ".process.user.umask = 63", "umask"),
        Inside("process/umask-default", ".", "umask"),
        Inside("process/umask-files", And(Writable, ".process.user.umask = 18"), "touch /tmp/f && stat -c %a /tmp/f"),
        Inside("process/status-default", ".", Status),
        Inside("process/capabilities-empty", ".process.capabilities = {}", Status),
        Inside("process/capabilities-none", "del(.process.capabilities)", Status),
        Inside("process/capabilities-unknown", ".process.capabilities.bounding += [\"CAP_BANANA\"] | .process.capabilities.effective += [\"CAP_BANANA\"]", "echo ran"),
        Inside("process/capabilities-ambient", ".process.user = {\"uid\": 1000, \"gid\": 1000} | .process.capabilities.ambient = [\"CAP_KILL\"] | .process.capabilities.inheritable = [\"CAP_KILL\"]", Status),
        Inside("process/capabilities-ambient-not-inheritable", ".process.capabilities.ambient = [\"CAP_NET_RAW\"]", Status),
        Inside("process/capabilities-all-bounding", ".process.capabilities.bounding = [\"CAP_CHOWN\",\"CAP_SYS_ADMIN\",\"CAP_NET_ADMIN\",\"CAP_SYS_PTRACE\"]", Status),
        new("process/capabilities-host-cannot-grant", "$R run $ID", "$R list -q")
        { Config = And(Shell("echo ran"), ".process.capabilities |= map_values(. + [\"CAP_SYS_RESOURCE\"])") },
        Inside("process/no-new-privileges", ".process.noNewPrivileges = true", Status),
        Inside("process/no-new-privileges-false", ".process.noNewPrivileges = false", Status),
        Inside("process/rlimit-nofile", ".process.rlimits = [{\"type\": \"RLIMIT_NOFILE\", \"soft\": 512, \"hard\": 1024}]", "ulimit -n; ulimit -Hn"),
        Inside("process/rlimit-default", ".", "ulimit -n; ulimit -Hn; ulimit -s"),
        Inside("process/rlimit-nproc", ".process.rlimits = [{\"type\": \"RLIMIT_NPROC\", \"soft\": 100, \"hard\": 100}]", "ulimit -u"),
        Inside("process/rlimit-core", ".process.rlimits = [{\"type\": \"RLIMIT_CORE\", \"soft\": 0, \"hard\": 0}]", "ulimit -c"),
        Inside("process/rlimit-above-hard", ".process.rlimits = [{\"type\": \"RLIMIT_NOFILE\", \"soft\": 1073741816, \"hard\": 1073741816}]", "ulimit -n"),
        Inside("process/rlimit-unknown", ".process.rlimits = [{\"type\": \"RLIMIT_BANANA\", \"soft\": 1, \"hard\": 1}]", "echo ran"),
        Inside("process/rlimit-soft-above-hard", ".process.rlimits = [{\"type\": \"RLIMIT_NOFILE\", \"soft\": 2048, \"hard\": 1024}]", "ulimit -n"),
        Inside("process/rlimit-duplicate", ".process.rlimits = [{\"type\": \"RLIMIT_NOFILE\", \"soft\": 100, \"hard\": 100}, {\"type\": \"RLIMIT_NOFILE\", \"soft\": 200, \"hard\": 200}]", "ulimit -n"),
        Inside("process/rlimit-as-with-seccomp",
            ".process.rlimits = [{\"type\": \"RLIMIT_AS\", \"soft\": 1073741824, \"hard\": 1073741824}] | .linux.seccomp = {\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": [\"bdflush\"], \"action\": \"SCMP_ACT_ERRNO\"}]}",
            "echo ran"),
        Inside("process/rlimit-as-small", ".process.rlimits = [{\"type\": \"RLIMIT_AS\", \"soft\": 33554432, \"hard\": 33554432}]", "echo ran"),
        Inside("process/oom-score-adj", ".process.oomScoreAdj = 100", "cat /proc/self/oom_score_adj"),
        Inside("process/oom-score-adj-negative", ".process.oomScoreAdj = -100", "cat /proc/self/oom_score_adj"),
        Inside("process/oom-score-adj-out-of-range", ".process.oomScoreAdj = 5000", "cat /proc/self/oom_score_adj"),
        Inside("process/hostname", ".hostname = \"box\"", "hostname"),
        Inside("process/domainname", ".domainname = \"example.org\"", "cat /proc/sys/kernel/domainname"),
        Inside("process/hostname-without-uts", And(".hostname = \"box\"", WithoutNamespace("uts")), "hostname"),
        Inside("process/apparmor-profile", ".process.apparmorProfile = \"unconfined\"", "echo ran"),
        Inside("process/selinux-label", ".process.selinuxLabel = \"system_u:system_r:container_t:s0\"", "echo ran"),
        Inside("process/io-priority", ".process.ioPriority = {\"class\": \"IOPRIO_CLASS_IDLE\", \"priority\": 0}", "ionice -p $$"),
        Inside("process/pid-1", ".", "echo $$; ps -o pid,comm | awk 'NR < 3 {print $1, $2}'"),
        Inside("process/fds", ".", "ls /proc/self/fd | sort -n | tr '\\n' ' '"),
        Inside("process/parent-death-signal", ".", "cat /proc/self/status | grep -E '^(PPid|TracerPid):'"),
        Inside("process/stdio-owner", ".process.user = {\"uid\": 1000, \"gid\": 1000}", "echo to-stdout > /proc/self/fd/1 && echo ok"),
        new("process/stdin-pipe-nonroot", "echo via-pipe | $R run $ID") { Config = And(".process.user = {\"uid\": 1000, \"gid\": 1000}", Shell("cat /dev/stdin")) },
        new("process/exit-signal-status", "$R run $ID; echo rc=$?") { Config = Shell("kill -TERM $$; sleep 1") },
        new("process/terminal-without-socket", "$R run -d $ID") { Config = And(".process.terminal = true", Sleeping) },
        new("process/terminal-create-without-socket", "$R create $ID") { Config = And(".process.terminal = true", Sleeping) },
        new("process/terminal-console-socket", "console", "$R run -d --console-socket $T/tty.sock $ID", "waitfor stopped; sleep 0.2; tr -d '\\r' < $T/tty.out")
        { Config = And(".process.terminal = true", Shell("tty; stty size; ls -l /proc/self/fd/0 | awk '{print $1, $3, $4}'")) },
        new("process/terminal-owner-nonroot", "console", "$R run -d --console-socket $T/tty.sock $ID", "waitfor stopped; sleep 0.2; tr -d '\\r' < $T/tty.out")
        { Config = And(".process.terminal = true", ".process.user = {\"uid\": 1000, \"gid\": 1000}", Shell("ls -ln $(tty) | awk '{print $1, $3, $4}'")) },
        new("process/terminal-console-size", "console", "$R run -d --console-socket $T/tty.sock $ID", "waitfor stopped; sleep 0.2; tr -d '\\r' < $T/tty.out")
        { Config = And(".process.terminal = true", ".process.consoleSize = {\"height\": 30, \"width\": 100}", Shell("stty size")) },
        new("process/terminal-stdin-not-tty", "$R run $ID") { Config = And(".process.terminal = true", Shell("echo ran")) },
        new("process/terminal-socket-missing", "$R run -d --console-socket $T/none.sock $ID", "$R list -q") { Config = And(".process.terminal = true", Sleeping) },
        new("process/console-socket-without-terminal", "console", "$R run -d --console-socket $T/tty.sock $ID", "waitfor stopped", "cat $T/tty.out")
        { Config = Shell("echo plain") },
        new("exec/terminal-console-socket", "$R run -d $ID", "console", "$R exec -d -t --console-socket $T/tty.sock $ID sh -c 'tty; stty size'", "sleep 0.5; tr -d '\\r' < $T/tty.out")
        { Config = Sleeping },
        new("exec/terminal-without-socket-detached", "$R run -d $ID", "$R exec -d -t $ID true") { Config = Sleeping },
        new("exec/process-json", "$R run -d $ID",
            "echo '{\"args\": [\"sh\", \"-c\", \"id; pwd; echo $X\"], \"cwd\": \"/tmp\", \"env\": [\"X=y\"], \"user\": {\"uid\": 1000, \"gid\": 1000}}' > $T/p.json",
            "$R exec --process $T/p.json $ID") { Config = Sleeping },
        new("exec/process-json-missing", "$R run -d $ID", "$R exec --process $T/none.json $ID") { Config = Sleeping },
        new("exec/process-json-bad", "$R run -d $ID", "echo '{nope' > $T/p.json", "$R exec --process $T/p.json $ID") { Config = Sleeping },
        new("exec/process-json-no-args", "$R run -d $ID", "echo '{\"cwd\": \"/\"}' > $T/p.json", "$R exec --process $T/p.json $ID") { Config = Sleeping },
        new("exec/env-inherited", "$R run -d $ID", "$R exec $ID env | sort") { Config = And(Sleeping, ".process.env += [\"FROM_CONFIG=1\"]") },
        new("exec/env-override", "$R run -d $ID", "$R exec -e FROM_CONFIG=2 -e NEW=3 $ID sh -c 'echo $FROM_CONFIG $NEW'") { Config = And(Sleeping, ".process.env += [\"FROM_CONFIG=1\"]") },
        new("exec/env-no-equals", "$R run -d $ID", "$R exec -e NOEQUALS $ID sh -c 'env | grep -c NOEQUALS'") { Config = Sleeping },
        new("exec/cwd-inherited", "$R run -d $ID", "$R exec $ID pwd") { Config = And(Sleeping, ".process.cwd = \"/tmp\"") },
        new("exec/cwd-relative", "$R run -d $ID", "$R exec --cwd tmp $ID pwd") { Config = Sleeping },
        new("exec/cwd-missing", "$R run -d $ID", "$R exec --cwd /nonexistent $ID pwd") { Config = Sleeping },
        new("exec/user-name", "$R run -d $ID", "$R exec --user root $ID id") { Config = Sleeping },
        new("exec/user-bad", "$R run -d $ID", "$R exec --user 1:2:3 $ID id", "$R exec --user x $ID id") { Config = Sleeping },
        new("exec/user-inherited", "$R run -d $ID", "$R exec $ID id") { Config = And(Sleeping, ".process.user = {\"uid\": 1000, \"gid\": 1000}") },
        new("exec/cap-unknown", "$R run -d $ID", "$R exec --cap CAP_BANANA $ID echo ran") { Config = Sleeping },
        new("exec/capabilities-inherited", "$R run -d $ID", $"$R exec $ID {Status}") { Config = And(Sleeping, ".process.capabilities.bounding = [\"CAP_KILL\"] | .process.capabilities.effective = [\"CAP_KILL\"] | .process.capabilities.permitted = [\"CAP_KILL\"]") },
        new("exec/missing-binary", "$R run -d $ID", "$R exec $ID nonexistent", "$R exec $ID /nonexistent") { Config = Sleeping },
        new("exec/not-executable", "$R run -d $ID", "$R exec $ID /etc/passwd") { Config = Sleeping },
        new("exec/exit-codes", "$R run -d $ID", "$R exec $ID false", "$R exec $ID sh -c 'exit 42'", "$R exec $ID sh -c 'kill -9 $$'") { Config = Sleeping },
        new("exec/pid-file-unwritable", "$R run -d $ID", "$R exec --pid-file /nonexistent/directory $ID true") { Config = Sleeping },
        new("exec/output", "$R run -d $ID", "$R exec $ID sh -c 'echo out; echo err >&2'") { Config = Sleeping },
        new("exec/stdin", "$R run -d $ID", "echo piped | $R exec $ID cat") { Config = Sleeping },
        new("exec/pid-namespace", "$R run -d $ID", "$R exec $ID sh -c 'ps -o pid,comm | sort -n | head -n 2'") { Config = Sleeping },
        new("exec/no-new-privs-from-config", "$R run -d $ID", "$R exec $ID grep NoNewPrivs /proc/self/status") { Config = And(Sleeping, ".process.noNewPrivileges = true") },
        // Soft and hard alike: runc's Go init raises a lower soft limit to the hard one, racing runc's own prlimit.
        new("exec/rlimits-from-config", "$R run -d $ID", "$R exec $ID sh -c 'ulimit -n'") { Config = And(Sleeping, ".process.rlimits = [{\"type\": \"RLIMIT_NOFILE\", \"soft\": 512, \"hard\": 512}]") },
        new("exec/apparmor-unknown", "$R run -d $ID", "$R exec --apparmor nonexistent-profile $ID true") { Config = Sleeping },
        new("exec/cgroup-escape", "$R run -d $ID", "$R exec --cgroup ../.. $ID true", "$R exec --cgroup memory:../x $ID true") { Config = Sleeping },
        new("exec/cgroup-missing", "$R run -d $ID", "$R exec --cgroup nonexistent $ID true") { Config = Sleeping },
        new("exec/cgroup-controller", "$R run -d $ID", "mkdir $(cgdir pids)/sub", "$R exec --cgroup pids:sub $ID sh -c 'grep -E \":pids:|:memory:\" /proc/self/cgroup | sed \"s|/$ID||\"'")
        { Config = Sleeping },
        new("exec/joins-cgroup", "$R run -d $ID", "$R exec $ID sh -c 'grep -E \":(memory|pids|cpu):\" /proc/self/cgroup | sed \"s|.*/||\"'") { Config = Sleeping },
        new("exec/in-created", "$R create $ID", "$R exec $ID echo ran") { Config = Sleeping },
        new("exec/paused", "$R run -d $ID", "$R pause $ID", "$R exec $ID echo ran", "$R exec --ignore-paused -d $ID true", "$R resume $ID") { Config = Sleeping },
        new("exec/stopped", "$R run -d $ID", "waitfor stopped", "$R exec $ID echo ran") { Config = Args("true") },
        new("exec/detached-output", "$R run -d $ID", "$R exec -d $ID sh -c 'echo later' > $T/out 2>&1; sleep 0.3; cat $T/out") { Config = Sleeping },
        new("exec/tty-not-a-tty", "$R run -d $ID", "$R exec -t $ID echo ran") { Config = Sleeping },
        new("exec/preserve-fds-missing", "$R run -d $ID", "$R exec --preserve-fds 5 $ID ls /proc/self/fd") { Config = Sleeping },
        new("exec/additional-gids-bad", "$R run -d $ID", "$R exec -g x $ID id") { Config = Sleeping },
    ];
}
