using static Hull.Tests.Differential.Scenarios.Config;
using static Hull.Tests.Differential.Scenarios.ProcessArea;

namespace Hull.Tests.Differential.Scenarios;

/// <summary>seccomp profiles: actions, errno values, conditions, unknown syscalls, and the filter's place among hooks.</summary>
internal static class SeccompArea
{
    /// <summary>A profile allowing everything but <paramref name="rules"/> (JSON of .syscalls).</summary>
    private static string Profile(string rules, string defaultAction = "SCMP_ACT_ALLOW", string extra = "") =>
        $".linux.seccomp = {{\"defaultAction\": \"{defaultAction}\", \"architectures\": [\"SCMP_ARCH_X86_64\", \"SCMP_ARCH_X86\", \"SCMP_ARCH_X32\"], \"syscalls\": {rules}{extra}}}";

    private const string DenyMkdir = "[{\"names\": [\"mkdir\", \"mkdirat\"], \"action\": \"SCMP_ACT_ERRNO\"}]";

    public static IEnumerable<Scenario> All =>
    [
        Inside("seccomp/errno", Profile(DenyMkdir), "mkdir /tmp/x 2>&1; echo done"),
        Inside("seccomp/errno-ret", Profile("[{\"names\": [\"mkdir\", \"mkdirat\"], \"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": 100}]"), "mkdir /tmp/x 2>&1; echo done"),
        Inside("seccomp/default-errno-ret", Profile("[{\"names\": [\"mkdir\", \"mkdirat\"], \"action\": \"SCMP_ACT_ERRNO\"}]", extra: ", \"defaultErrnoRet\": 6"), "mkdir /tmp/x 2>&1; echo done"),
        Inside("seccomp/default-action-errno", ".linux.seccomp = {\"defaultAction\": \"SCMP_ACT_ERRNO\", \"defaultErrnoRet\": 6, \"syscalls\": [{\"names\": [\"mkdir\", \"mkdirat\"], \"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": 1}]}", "echo ran"),
        Inside("seccomp/kill", Profile("[{\"names\": [\"mkdir\", \"mkdirat\"], \"action\": \"SCMP_ACT_KILL\"}]"), "mkdir /tmp/x; echo not reached") with { Steps = ["$R run $ID; echo rc=$?"] },
        Inside("seccomp/kill-process", Profile("[{\"names\": [\"mkdir\", \"mkdirat\"], \"action\": \"SCMP_ACT_KILL_PROCESS\"}]"), "mkdir /tmp/x; echo not reached") with { Steps = ["$R run $ID; echo rc=$?"] },
        Inside("seccomp/trap", Profile("[{\"names\": [\"mkdir\", \"mkdirat\"], \"action\": \"SCMP_ACT_TRAP\"}]"), "mkdir /tmp/x; echo not reached") with { Steps = ["$R run $ID; echo rc=$?"] },
        Inside("seccomp/log", Profile("[{\"names\": [\"getpid\"], \"action\": \"SCMP_ACT_LOG\"}]"), "echo ran"),
        Inside("seccomp/trace", Profile("[{\"names\": [\"mkdir\", \"mkdirat\"], \"action\": \"SCMP_ACT_TRACE\"}]"), "mkdir /tmp/x 2>&1; echo done"),
        Inside("seccomp/unknown-action", Profile("[{\"names\": [\"mkdir\"], \"action\": \"SCMP_ACT_BANANA\"}]"), "echo ran"),
        Inside("seccomp/unknown-syscall-name", Profile("[{\"names\": [\"no_such_syscall\", \"mkdir\", \"mkdirat\"], \"action\": \"SCMP_ACT_ERRNO\"}]"), "mkdir /tmp/x 2>&1; echo done"),
        Inside("seccomp/redundant-rule", Profile("[{\"names\": [\"bdflush\"], \"action\": \"SCMP_ACT_ALLOW\"}, {\"names\": [\"mkdir\", \"mkdirat\"], \"action\": \"SCMP_ACT_ERRNO\"}]"), "mkdir /tmp/x 2>&1; echo done"),
        Inside("seccomp/redundant-errno-rule", ".linux.seccomp = {\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": [\"bdflush\"], \"action\": \"SCMP_ACT_ERRNO\"}, {\"names\": [\"@all\"], \"action\": \"SCMP_ACT_ALLOW\"}]}", "echo ran"),
        Inside("seccomp/unknown-syscall-enosys", ".linux.seccomp = {\"defaultAction\": \"SCMP_ACT_ERRNO\", \"architectures\": [\"SCMP_ARCH_X86_64\"], \"syscalls\": [{\"names\": [" + AllowList + "], \"action\": \"SCMP_ACT_ALLOW\"}]}",
            "probe syscall 1000; probe syscall 439"),
        Inside("seccomp/arguments-equal", Profile("[{\"names\": [\"personality\"], \"action\": \"SCMP_ACT_ERRNO\", \"args\": [{\"index\": 0, \"value\": 8, \"op\": \"SCMP_CMP_EQ\"}]}]"),
            "probe syscall 135 8; probe syscall 135 0xffffffff"),
        Inside("seccomp/arguments-masked", Profile("[{\"names\": [\"personality\"], \"action\": \"SCMP_ACT_ERRNO\", \"args\": [{\"index\": 0, \"value\": 8, \"valueTwo\": 8, \"op\": \"SCMP_CMP_MASKED_EQ\"}]}]"),
            "probe syscall 135 8; probe syscall 135 0xffffffff"),
        Inside("seccomp/arguments-bad-op", Profile("[{\"names\": [\"personality\"], \"action\": \"SCMP_ACT_ERRNO\", \"args\": [{\"index\": 0, \"value\": 8, \"op\": \"SCMP_CMP_BANANA\"}]}]"), "echo ran"),
        Inside("seccomp/arguments-index-too-high", Profile("[{\"names\": [\"personality\"], \"action\": \"SCMP_ACT_ERRNO\", \"args\": [{\"index\": 7, \"value\": 8, \"op\": \"SCMP_CMP_EQ\"}]}]"), "echo ran"),
        Inside("seccomp/unknown-architecture", ".linux.seccomp = {\"defaultAction\": \"SCMP_ACT_ALLOW\", \"architectures\": [\"SCMP_ARCH_BANANA\"]}", "echo ran"),
        Inside("seccomp/flags-log", Profile(DenyMkdir, extra: ", \"flags\": [\"SECCOMP_FILTER_FLAG_LOG\"]"), "mkdir /tmp/x 2>&1; echo done"),
        Inside("seccomp/flags-unknown", Profile(DenyMkdir, extra: ", \"flags\": [\"SECCOMP_FILTER_FLAG_BANANA\"]"), "echo ran"),
        Inside("seccomp/status", Profile(DenyMkdir), "grep -E '^(Seccomp|NoNewPrivs)' /proc/self/status"),
        Inside("seccomp/status-no-new-privileges", And(".process.noNewPrivileges = true", Profile(DenyMkdir)), "grep -E '^(Seccomp|NoNewPrivs)' /proc/self/status"),
        Inside("seccomp/nonroot", And(".process.user = {\"uid\": 1000, \"gid\": 1000}", Profile(DenyMkdir)), "mkdir /tmp/x 2>&1; echo done"),
        Inside("seccomp/empty-profile", ".linux.seccomp = {}", "echo ran"),
        Inside("seccomp/notify-without-listener", Profile("[{\"names\": [\"mkdir\", \"mkdirat\"], \"action\": \"SCMP_ACT_NOTIFY\"}]"), "echo ran"),
        Inside("seccomp/notify-listener-missing", Profile("[{\"names\": [\"mkdir\", \"mkdirat\"], \"action\": \"SCMP_ACT_NOTIFY\"}]", extra: ", \"listenerPath\": \"/tmp/oci-diff/none.sock\""), "echo ran"),
        Inside("seccomp/notify-listener-not-absolute", Profile("[{\"names\": [\"mkdir\", \"mkdirat\"], \"action\": \"SCMP_ACT_NOTIFY\"}]", extra: ", \"listenerPath\": \"agent.sock\""), "echo ran"),
        Inside("seccomp/notify-write", Profile("[{\"names\": [\"write\"], \"action\": \"SCMP_ACT_NOTIFY\"}]", extra: ", \"listenerPath\": \"/tmp/oci-diff/none.sock\""), "echo ran"),
        new("seccomp/exec-inherits", "$R run -d $ID", "$R exec $ID sh -c 'mkdir /tmp/x 2>&1; echo done'") { Config = And(Sleeping, Profile(DenyMkdir)) },
        new("seccomp/start-container-hook-confined", "$R run $ID; echo rc=$?")
        { Config = And(Shell("echo process"), Profile(DenyMkdir), ".hooks.startContainer = [{\"path\": \"/bin/mkdir\", \"args\": [\"mkdir\", \"/tmp/hook-dir\"]}]") },
        new("seccomp/create-container-hook-not-confined", "$R run $ID; echo rc=$?")
        { Config = And(Shell("ls -d /tmp/hook-dir"), Writable, Profile(DenyMkdir), ".hooks.createContainer = [{\"path\": \"/bin/mkdir\", \"args\": [\"mkdir\", \"/tmp/hook-dir\"]}]") },
    ];

    /// <summary>What busybox sh, echo and probe need, for a profile that refuses everything else.</summary>
    private const string AllowList =
        "\"read\", \"write\", \"open\", \"openat\", \"close\", \"fstat\", \"newfstatat\", \"stat\", \"lstat\", \"mmap\", \"munmap\", \"mprotect\", \"brk\", "
        + "\"rt_sigaction\", \"rt_sigprocmask\", \"rt_sigreturn\", \"ioctl\", \"access\", \"execve\", \"exit\", \"exit_group\", \"arch_prctl\", "
        + "\"set_tid_address\", \"set_robust_list\", \"rseq\", \"prlimit64\", \"getrandom\", \"getpid\", \"getppid\", \"getuid\", \"geteuid\", "
        + "\"getgid\", \"getegid\", \"fcntl\", \"dup2\", \"dup3\", \"wait4\", \"clone\", \"clone3\", \"fork\", \"vfork\", \"readlink\", \"getcwd\", "
        + "\"uname\", \"writev\", \"pread64\", \"futex\", \"sigaltstack\", \"statx\", \"lseek\", \"pipe2\", \"getdents64\", \"chdir\", \"fstatfs\", \"statfs\", \"close_range\"";
}
