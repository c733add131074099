/*
 * Tests of the native stages on their own: the last mile's message parser, its program lookup and its run up to
 * execve (in a forked child, spoken to over a socketpair as the runtime speaks to it), the channel, and the bootstrap
 * stage (in bootstrap_host, started as hull starts a container child). Error paths first: they are what runs when
 * something is wrong on a user's machine.
 *
 * Output is TAP; the program exits non-zero if any check failed, and says how many ran.
 */
#define _GNU_SOURCE
#include "../channel.h"
#include "../lastmile.h"

#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static int tests, failed_tests, checks, failed_checks, current_failed;
static const char *host_path;

#define CHECK(cond, ...)                                                                  \
    do {                                                                                  \
        checks++;                                                                         \
        if (!(cond)) {                                                                    \
            failed_checks++;                                                              \
            current_failed = 1;                                                           \
            printf("#   %s:%d: %s: ", __FILE__, __LINE__, #cond);                         \
            printf(__VA_ARGS__);                                                          \
            printf("\n");                                                                 \
        }                                                                                 \
    } while (0)

static void run_test(const char *name, void (*test)(void))
{
    current_failed = 0;
    test();
    tests++;
    if (current_failed)
        failed_tests++;
    printf("%s %d - %s\n", current_failed ? "not ok" : "ok", tests, name);
    fflush(stdout);
}

/* ---- building messages ---- */

struct message {
    uint8_t data[1 << 18];
    size_t len;
};

static void record(struct message *m, uint16_t type, const void *payload, uint32_t len)
{
    memcpy(m->data + m->len, &type, 2);
    memcpy(m->data + m->len + 2, &len, 4);
    if (len)
        memcpy(m->data + m->len + 6, payload, len);
    m->len += 6 + len;
}

static void record_string(struct message *m, uint16_t type, const char *s)
{
    record(m, type, s, (uint32_t)strlen(s) + 1);
}

static void record_i32(struct message *m, uint16_t type, int32_t value)
{
    record(m, type, &value, 4);
}

static void hook_record(struct message *m, int32_t timeout, const char *path)
{
    uint8_t payload[512];
    memcpy(payload, &timeout, 4);
    strcpy((char *)payload + 4, path);
    record(m, LM_HOOK, payload, (uint32_t)(4 + strlen(path) + 1));
}

/* A message that runs argv with PATH set, speaking on sync_fd, starting at once. */
static void base_message(struct message *m, int sync_fd, const char *const *argv)
{
    m->len = 0;
    record_i32(m, LM_SYNC_FD, sync_fd);
    for (int i = 0; argv[i]; i++)
        record_string(m, LM_ARG, argv[i]);
    record_string(m, LM_ENV, "PATH=/usr/bin:/bin");
}

/* ---- the parser ---- */

static void parse_accepts_a_minimal_message(void)
{
    struct message m;
    const char *argv[] = { "/bin/true", NULL };
    base_message(&m, 5, argv);
    struct last_mile lm;
    CHECK(hull_parse_last_mile(m.data, m.len, &lm) == 0, "parse failed");
    CHECK(lm.sync_fd == 5, "sync fd %d", lm.sync_fd);
    CHECK(lm.args.count == 1 && strcmp(lm.args.items[0], "/bin/true") == 0 && lm.args.items[1] == NULL, "args");
    CHECK(lm.env.count == 1 && lm.env.items[1] == NULL, "env");
    CHECK(lm.start == START_NONE && lm.fifo_fd == -1 && lm.agent_fd == -1, "defaults");
}

static void parse_keeps_every_list_null_terminated(void)
{
    struct message m;
    const char *argv[] = { "sh", "-c", "exit 0", NULL };
    base_message(&m, 3, argv);
    record_string(&m, LM_ENV, "A=1");
    hook_record(&m, 5, "/bin/hook");
    record_string(&m, LM_HOOK_ARG, "hook");
    record_string(&m, LM_HOOK_ARG, "one");
    record(&m, LM_HOOK_INHERIT_ENV, NULL, 0);
    hook_record(&m, 0, "/bin/other");
    record_string(&m, LM_HOOK_ENV, "B=2");
    struct last_mile lm;
    CHECK(hull_parse_last_mile(m.data, m.len, &lm) == 0, "parse failed");
    CHECK(lm.args.count == 3 && lm.args.items[3] == NULL, "args");
    CHECK(lm.env.count == 2 && strcmp(lm.env.items[1], "A=1") == 0 && lm.env.items[2] == NULL, "env");
    CHECK(lm.hook_count == 2, "hooks %d", lm.hook_count);
    CHECK(lm.hooks[0].timeout == 5 && lm.hooks[0].inherit_env && lm.hooks[0].args.count == 2 && lm.hooks[0].args.items[2] == NULL, "first hook");
    CHECK(lm.hooks[1].timeout == 0 && !lm.hooks[1].inherit_env && lm.hooks[1].env.count == 1 && lm.hooks[1].env.items[1] == NULL, "second hook");
}

static int parses(const struct message *m)
{
    struct last_mile lm;
    return hull_parse_last_mile(m->data, m->len, &lm) == 0;
}

static void parse_rejects_malformed_messages(void)
{
    const char *argv[] = { "/bin/true", NULL };
    struct message m;

    base_message(&m, 5, argv);
    m.len -= 3;
    CHECK(!parses(&m), "a record cut short");

    base_message(&m, 5, argv);
    memset(m.data + m.len, 0, 3);
    m.len += 3;
    CHECK(!parses(&m), "a header cut short");

    base_message(&m, 5, argv);
    record(&m, LM_CWD, "/tmp", 4);
    CHECK(!parses(&m), "a string without its NUL");

    base_message(&m, 5, argv);
    record(&m, 999, NULL, 0);
    CHECK(!parses(&m), "an unknown record");

    base_message(&m, 2, argv);
    CHECK(!parses(&m), "a sync descriptor among stdio");

    m.len = 0;
    record_i32(&m, LM_SYNC_FD, 5);
    CHECK(!parses(&m), "no program");

    base_message(&m, 5, argv);
    uint8_t fifo_start = START_FIFO;
    record(&m, LM_START, &fifo_start, 1);
    CHECK(!parses(&m), "a FIFO start without the FIFO");

    base_message(&m, 5, argv);
    uint8_t bad_start = 9;
    record(&m, LM_START, &bad_start, 1);
    CHECK(!parses(&m), "an unknown start");

    base_message(&m, 5, argv);
    record_string(&m, LM_HOOK_ARG, "orphan");
    CHECK(!parses(&m), "a hook argument before any hook");

    base_message(&m, 5, argv);
    record_string(&m, LM_ARG, "late");
    CHECK(!parses(&m), "arguments split by the environment");

    base_message(&m, 5, argv);
    for (int i = 0; i <= MAX_HOOKS; i++)
        hook_record(&m, 0, "/bin/true");
    CHECK(!parses(&m), "more hooks than the table holds");

    base_message(&m, 5, argv);
    record(&m, LM_SECCOMP_PROGRAM, "1234567", 7);
    CHECK(!parses(&m), "a filter that is not whole instructions");

    base_message(&m, 5, argv);
    record(&m, LM_USER, "12345678", 8);
    CHECK(!parses(&m), "a user record cut short");
}

/* ---- the program lookup ---- */

static char scratch[256];

static void write_file(const char *path, mode_t mode)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
    CHECK(fd >= 0, "create %s", path);
    if (fd >= 0) {
        CHECK(write(fd, "#!/bin/sh\n", 10) == 10, "write %s", path);
        close(fd);
        chmod(path, mode);
    }
}

static void lookup_follows_go(void)
{
    char buf[4096], error[8192], path[512], plain[300], script[300];
    snprintf(plain, sizeof(plain), "%s/plain", scratch);
    snprintf(script, sizeof(script), "%s/script", scratch);
    write_file(plain, 0644);
    write_file(script, 0755);

    CHECK(hull_look_path("/nonexistent", NULL, buf, sizeof(buf), error, sizeof(error)) == NULL
        && strcmp(error, "exec: \"/nonexistent\": stat /nonexistent: no such file or directory") == 0, "absolute, missing: %s", error);
    CHECK(hull_look_path(plain, NULL, buf, sizeof(buf), error, sizeof(error)) == NULL && strstr(error, ": permission denied"),
        "absolute, not executable: %s", error);
    CHECK(hull_look_path("/", NULL, buf, sizeof(buf), error, sizeof(error)) == NULL && strcmp(error, "exec: \"/\": permission denied") == 0,
        "a directory: %s", error);
    CHECK(hull_look_path(script, NULL, buf, sizeof(buf), error, sizeof(error)) == script, "absolute, executable");

    snprintf(path, sizeof(path), "/nonexistent:%s/:/bin", scratch);
    const char *found = hull_look_path("script", path, buf, sizeof(buf), error, sizeof(error));
    CHECK(found && strcmp(found, script) == 0, "in PATH: %s", found ? found : error);
    CHECK(hull_look_path("plain", path, buf, sizeof(buf), error, sizeof(error)) == NULL
        && strcmp(error, "exec: \"plain\": executable file not found in $PATH") == 0, "not executable in PATH: %s", error);
    CHECK(hull_look_path("sh", NULL, buf, sizeof(buf), error, sizeof(error)) == NULL
        && strcmp(error, "exec: \"sh\": executable file not found in $PATH") == 0, "no PATH: %s", error);
}

/* ---- the channel ---- */

static void channel_reports_a_gone_peer_without_a_signal(void)
{
    int sv[2];
    CHECK(socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) == 0, "socketpair");
    uint8_t buf[16];
    CHECK(hull_send_packet(sv[0], HULL_PACKET_READY, "x", 1) == 0, "send");
    CHECK(hull_receive_packet(sv[1], buf, sizeof(buf)) == 2 && buf[0] == HULL_PACKET_READY && buf[1] == 'x', "receive");
    close(sv[1]);
    /* SIGPIPE has its default here: a send that raised it would end this program. */
    CHECK(hull_send_packet(sv[0], HULL_PACKET_READY, NULL, 0) == EPIPE, "send to a closed peer");
    CHECK(hull_receive_packet(sv[0], buf, sizeof(buf)) == 0, "receive from a closed peer");
    close(sv[0]);
}

/* ---- the last mile, run ---- */

struct child {
    pid_t pid;
    int channel, output;
};

/* Forks a child that enters the last mile with the message; its stdout and stderr go to one pipe. */
static struct child start_last_mile(struct message *m, int child_end, int parent_end)
{
    int out[2];
    if (pipe2(out, O_CLOEXEC) < 0)
        abort();
    pid_t pid = fork();
    if (pid == 0) {
        close(parent_end);
        dup2(out[1], 1);
        dup2(out[1], 2);
        hull_last_mile(m->data, m->len);
    }
    close(child_end);
    close(out[1]);
    return (struct child){ pid, parent_end, out[0] };
}

static struct child start_with(struct message *m, int sv[2])
{
    return start_last_mile(m, sv[1], sv[0]);
}

static int channel_pair(int sv[2])
{
    return socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv);
}

/* The next packet as text: "READY", "CREATED", "ERROR:<text>", "CLOSED". */
static const char *next_packet(int fd)
{
    static char text[8300];
    uint8_t buf[8200];
    ssize_t n = hull_receive_packet(fd, buf, sizeof(buf));
    if (n <= 0)
        return "CLOSED";
    switch (buf[0]) {
    case HULL_PACKET_READY: return "READY";
    case HULL_PACKET_CREATED: return "CREATED";
    case HULL_PACKET_ERROR:
        /* After the type, the kind of step: 1, starting the process. */
        snprintf(text, sizeof(text), n >= 2 && buf[1] == 1 ? "ERROR:%.*s" : "ERROR (not a process step):%.*s", (int)(n - 2), (const char *)buf + 2);
        return text;
    default:
        snprintf(text, sizeof(text), "PACKET %d", buf[0]);
        return text;
    }
}

static int finish(struct child *c, char *output, size_t size)
{
    /* Closed first: a child still waiting on the channel then ends. */
    close(c->channel);
    size_t used = 0;
    ssize_t n;
    while (used + 1 < size && (n = read(c->output, output + used, size - 1 - used)) > 0)
        used += (size_t)n;
    output[used] = '\0';
    close(c->output);
    int status = 0;
    waitpid(c->pid, &status, 0);
    return status;
}

static void last_mile_reports_a_missing_program(void)
{
    int sv[2];
    CHECK(channel_pair(sv) == 0, "socketpair");
    struct message m;
    const char *argv[] = { "/nonexistent", NULL };
    base_message(&m, sv[1], argv);
    struct child c = start_with(&m, sv);
    const char *p = next_packet(c.channel);
    CHECK(strcmp(p, "READY") == 0, "%s", p);
    p = next_packet(c.channel);
    CHECK(strcmp(p, "ERROR:exec: \"/nonexistent\": stat /nonexistent: no such file or directory") == 0, "%s", p);
    char out[256];
    int status = finish(&c, out, sizeof(out));
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 1, "status %#x", status);
}

static void last_mile_reports_a_missing_working_directory(void)
{
    int sv[2];
    CHECK(channel_pair(sv) == 0, "socketpair");
    struct message m;
    const char *argv[] = { "true", NULL };
    base_message(&m, sv[1], argv);
    record_string(&m, LM_CWD, "/nonexistent-dir");
    struct child c = start_with(&m, sv);
    CHECK(strcmp(next_packet(c.channel), "READY") == 0, "ready");
    const char *p = next_packet(c.channel);
    CHECK(strcmp(p, "ERROR:chdir to cwd (\"/nonexistent-dir\") set in config.json failed: no such file or directory") == 0, "%s", p);
    char out[256];
    finish(&c, out, sizeof(out));
}

static void last_mile_runs_the_program_with_default_signals(void)
{
    int sv[2];
    CHECK(channel_pair(sv) == 0, "socketpair");
    struct message m;
    const char *argv[] = { "grep", "-E", "^Sig(Ign|Blk)", "/proc/self/status", NULL };
    base_message(&m, sv[1], argv);
    /* What the runtime leaves: SIGPIPE ignored, a signal blocked. */
    signal(SIGPIPE, SIG_IGN);
    sigset_t blocked, old;
    sigemptyset(&blocked);
    sigaddset(&blocked, SIGUSR1);
    sigprocmask(SIG_BLOCK, &blocked, &old);
    struct child c = start_with(&m, sv);
    sigprocmask(SIG_SETMASK, &old, NULL);
    signal(SIGPIPE, SIG_DFL);
    CHECK(strcmp(next_packet(c.channel), "READY") == 0, "ready");
    CHECK(strcmp(next_packet(c.channel), "CREATED") == 0, "created");
    const char *p = next_packet(c.channel);
    CHECK(strcmp(p, "CLOSED") == 0, "the channel closes at execve: %s", p);
    char out[512];
    int status = finish(&c, out, sizeof(out));
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "status %#x", status);
    CHECK(strcmp(out, "SigBlk:\t0000000000000000\nSigIgn:\t0000000000000000\n") == 0, "%s", out);
}

static void last_mile_waits_for_run_and_ends_quietly_without_it(void)
{
    int sv[2];
    CHECK(channel_pair(sv) == 0, "socketpair");
    struct message m;
    const char *argv[] = { "true", NULL };
    base_message(&m, sv[1], argv);
    record(&m, LM_WAIT_RUN, NULL, 0);
    struct child c = start_with(&m, sv);
    CHECK(strcmp(next_packet(c.channel), "READY") == 0, "ready");
    char out[256];
    int status = finish(&c, out, sizeof(out));
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 1, "status %#x", status);
    CHECK(out[0] == '\0', "said: %s", out);
}

static void last_mile_refuses_a_malformed_message(void)
{
    int sv[2];
    CHECK(channel_pair(sv) == 0, "socketpair");
    struct message m;
    const char *argv[] = { "true", NULL };
    base_message(&m, sv[1], argv);
    m.len -= 2;
    struct child c = start_with(&m, sv);
    char out[256];
    int status = finish(&c, out, sizeof(out));
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 1, "status %#x", status);
    CHECK(strcmp(out, "hull: the last mile's message is malformed\n") == 0, "%s", out);
}

/* A run start: READY, CREATED, then START, after which the hooks run; returns the packet after START. */
static const char *run_with_hooks(struct message *m, int sv[2], struct child *c)
{
    uint8_t start = START_CHANNEL;
    record(m, LM_START, &start, 1);
    record_string(m, LM_HOOK_STATE, "{\"ociVersion\":\"1.2.0\",\"id\":\"x\",\"status\":\"created\"}");
    *c = start_with(m, sv);
    CHECK(strcmp(next_packet(c->channel), "READY") == 0, "ready");
    CHECK(strcmp(next_packet(c->channel), "CREATED") == 0, "created");
    CHECK(hull_send_packet(c->channel, HULL_PACKET_START, NULL, 0) == 0, "start");
    return next_packet(c->channel);
}

static void a_failing_hook_is_reported_with_its_output(void)
{
    int sv[2];
    CHECK(channel_pair(sv) == 0, "socketpair");
    struct message m;
    const char *argv[] = { "true", NULL };
    base_message(&m, sv[1], argv);
    hook_record(&m, 0, "/bin/sh");
    record_string(&m, LM_HOOK_ARG, "sh");
    record_string(&m, LM_HOOK_ARG, "-c");
    record_string(&m, LM_HOOK_ARG, "read state; echo out; echo err >&2; exit 3");
    struct child c;
    const char *p = run_with_hooks(&m, sv, &c);
    CHECK(strcmp(p, "ERROR:error running hook #0: error running hook: exit status 3, stdout: out\n, stderr: err\n") == 0, "%s", p);
    char out[256];
    finish(&c, out, sizeof(out));
}

static void a_hook_past_its_timeout_is_killed(void)
{
    int sv[2];
    CHECK(channel_pair(sv) == 0, "socketpair");
    struct message m;
    const char *argv[] = { "true", NULL };
    base_message(&m, sv[1], argv);
    hook_record(&m, 1, "/bin/sleep");
    record_string(&m, LM_HOOK_ARG, "sleep");
    record_string(&m, LM_HOOK_ARG, "30");
    struct child c;
    const char *p = run_with_hooks(&m, sv, &c);
    CHECK(strcmp(p, "ERROR:error running hook #0: hook ran past specified timeout of 1.0s") == 0, "%s", p);
    char out[256];
    finish(&c, out, sizeof(out));
}

static void a_hook_that_cannot_start_is_named(void)
{
    int sv[2];
    CHECK(channel_pair(sv) == 0, "socketpair");
    struct message m;
    const char *argv[] = { "true", NULL };
    base_message(&m, sv[1], argv);
    hook_record(&m, 0, "/nonexistent-hook");
    struct child c;
    const char *p = run_with_hooks(&m, sv, &c);
    CHECK(strcmp(p, "ERROR:error running hook #0: fork/exec /nonexistent-hook: no such file or directory") == 0, "%s", p);
    char out[256];
    finish(&c, out, sizeof(out));
}

static void a_hook_that_ignores_its_stdin_does_not_end_the_init(void)
{
    int sv[2];
    CHECK(channel_pair(sv) == 0, "socketpair");
    struct message m;
    const char *argv[] = { "sh", "-c", "echo ran", NULL };
    base_message(&m, sv[1], argv);
    hook_record(&m, 0, "/bin/true");
    struct child c;
    /* A state far larger than a pipe holds: the write meets a closed pipe. */
    static char state[100000];
    memset(state, 'x', sizeof(state) - 1);
    uint8_t start = START_CHANNEL;
    record(&m, LM_START, &start, 1);
    record_string(&m, LM_HOOK_STATE, state);
    c = start_with(&m, sv);
    CHECK(strcmp(next_packet(c.channel), "READY") == 0, "ready");
    CHECK(strcmp(next_packet(c.channel), "CREATED") == 0, "created");
    CHECK(hull_send_packet(c.channel, HULL_PACKET_START, NULL, 0) == 0, "start");
    const char *p = next_packet(c.channel);
    CHECK(strcmp(p, "CLOSED") == 0, "%s", p);
    char out[256];
    int status = finish(&c, out, sizeof(out));
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0 && strcmp(out, "ran\n") == 0, "status %#x, said %s", status, out);
}

/* The last mile under a filter, loaded early (before the identity changes) or late (with no_new_privs, at the end). */
static void runs_under_filter(const struct sock_filter *filter, size_t size, int late)
{
    int sv[2];
    CHECK(channel_pair(sv) == 0, "socketpair");
    struct message m;
    const char *argv[] = { "sh", "-c", "echo ran", NULL };
    base_message(&m, sv[1], argv);
    if (late)
        record(&m, LM_NO_NEW_PRIVS, NULL, 0);
    record(&m, LM_SECCOMP_PROGRAM, filter, (uint32_t)size);
    if (late)
        record(&m, LM_SECCOMP_LATE, NULL, 0);
    struct child c;
    const char *p = run_with_hooks(&m, sv, &c);
    CHECK(strcmp(p, "CLOSED") == 0, "%s", p);
    char out[256];
    int status = finish(&c, out, sizeof(out));
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0 && strcmp(out, "ran\n") == 0, "status %#x, said %s", status, out);
}

static void after_a_late_filter_only_reads_and_writes_reach_the_channel(void)
{
    /* A profile that refuses the socket calls, as one written for runc may: runc makes none after its filter. */
    struct sock_filter deny_socket_calls[] = {
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 0),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_sendmsg, 3, 0),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_recvmsg, 2, 0),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_recvfrom, 1, 0),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM),
    };
    runs_under_filter(deny_socket_calls, sizeof(deny_socket_calls), 1);
}

static void an_early_filter_older_than_the_calls_lets_the_process_run(void)
{
    /* Profiles written before close_range and faccessat2 existed (runtime-tools' default one) refuse them. */
    struct sock_filter deny_new_calls[] = {
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 0),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_close_range, 2, 0),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_faccessat2, 1, 0),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM),
    };
    runs_under_filter(deny_new_calls, sizeof(deny_new_calls), 0);
}

/* ---- the bootstrap stage ---- */

struct host_result {
    int status;
    char output[4096];
};

/* Runs bootstrap_host with HULL_BOOTSTRAP_FD=env (NULL: unset) and fd 3 as given; returns what it printed and its status. */
static struct host_result run_host(const char *env, int fd3)
{
    struct host_result r = { 0 };
    int out[2];
    if (pipe2(out, O_CLOEXEC) < 0)
        abort();
    pid_t pid = fork();
    if (pid == 0) {
        dup2(out[1], 1);
        dup2(out[1], 2);
        if (fd3 >= 0 && fd3 != 3)
            dup2(fd3, 3);
        if (env)
            setenv("HULL_BOOTSTRAP_FD", env, 1);
        else
            unsetenv("HULL_BOOTSTRAP_FD");
        char *argv[] = { "bootstrap_host", "init", NULL };
        execv(host_path, argv);
        _exit(127);
    }
    close(out[1]);
    size_t used = 0;
    ssize_t n;
    while (used + 1 < sizeof(r.output) && (n = read(out[0], r.output + used, sizeof(r.output) - 1 - used)) > 0)
        used += (size_t)n;
    close(out[0]);
    waitpid(pid, &r.status, 0);
    return r;
}

static void bootstrap_does_nothing_without_its_variable(void)
{
    struct host_result r = run_host(NULL, -1);
    CHECK(WIFEXITED(r.status) && WEXITSTATUS(r.status) == 0 && strncmp(r.output, "main ", 5) == 0, "%s", r.output);
}

static void bootstrap_refuses_a_descriptor_that_is_not_its_socket(void)
{
    int file = open("/dev/null", O_RDONLY);
    const char *values[] = { "1", "2", "x", "3x", "", "70000" };
    for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
        struct host_result r = run_host(values[i], -1);
        CHECK(WIFEXITED(r.status) && WEXITSTATUS(r.status) == 1 && strstr(r.output, "does not name the sync socket of a container child"),
            "HULL_BOOTSTRAP_FD=%s: %s", values[i], r.output);
    }
    struct host_result r = run_host("3", file);
    CHECK(WIFEXITED(r.status) && WEXITSTATUS(r.status) == 1 && strstr(r.output, "does not name the sync socket"), "a file: %s", r.output);
    close(file);
}

/* Starts the host on a socket; returns the parent's end. */
static int start_host(pid_t *pid)
{
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
        abort();
    *pid = fork();
    if (*pid == 0) {
        int fd = dup(sv[1]);
        dup2(fd, 3);
        int devnull = open("/dev/null", O_WRONLY);
        dup2(devnull, 1);
        setenv("HULL_BOOTSTRAP_FD", "3", 1);
        char *argv[] = { "bootstrap_host", "init", NULL };
        execv(host_path, argv);
        _exit(127);
    }
    close(sv[1]);
    return sv[0];
}

/* The NATIVE_ERROR the stage answers a bootstrap packet with, as "errno:text"; or what came instead. */
static const char *bootstrap_answer(const uint8_t *packet, size_t len)
{
    static char text[4200];
    pid_t pid;
    int fd = start_host(&pid);
    hull_send_packet(fd, packet[0], packet + 1, len - 1);
    uint8_t buf[4200];
    ssize_t n = hull_receive_packet(fd, buf, sizeof(buf));
    if (n >= 5 && buf[0] == HULL_PACKET_NATIVE_ERROR) {
        int32_t err;
        memcpy(&err, buf + 1, 4);
        snprintf(text, sizeof(text), "%d:%.*s", err, (int)(n - 5), (const char *)buf + 5);
    } else {
        snprintf(text, sizeof(text), "packet %d of %zd bytes", n > 0 ? buf[0] : -1, n);
    }
    close(fd);
    waitpid(pid, NULL, 0);
    return text;
}

static void bootstrap_reports_malformed_packets_with_their_errno(void)
{
    uint8_t not_bootstrap[] = { HULL_PACKET_READY };
    const char *a = bootstrap_answer(not_bootstrap, sizeof(not_bootstrap));
    CHECK(strcmp(a, "71:bootstrap: expected a bootstrap packet") == 0, "%s", a);

    uint8_t unknown[] = { HULL_PACKET_BOOTSTRAP, 99, 0, 0, 0 };
    a = bootstrap_answer(unknown, sizeof(unknown));
    CHECK(strcmp(a, "22:bootstrap: unknown record 99") == 0, "%s", a);

    uint8_t truncated[] = { HULL_PACKET_BOOTSTRAP, 1, 0, 8, 0, 1, 2 };
    a = bootstrap_answer(truncated, sizeof(truncated));
    CHECK(strcmp(a, "22:bootstrap: truncated record 1") == 0, "%s", a);

    uint8_t cgroup_missing[] = { HULL_PACKET_BOOTSTRAP, 7, 0, 0, 0 };
    a = bootstrap_answer(cgroup_missing, sizeof(cgroup_missing));
    CHECK(strcmp(a, "71:bootstrap: a cgroup to fork into was announced but not sent") == 0, "%s", a);

    uint8_t join[64] = { HULL_PACKET_BOOTSTRAP, 2, 0 };
    const char *path = "/nonexistent/ns";
    uint16_t rlen = (uint16_t)(4 + strlen(path));
    uint32_t type = 0x40000000; /* CLONE_NEWNET */
    memcpy(join + 3, &rlen, 2);
    memcpy(join + 5, &type, 4);
    memcpy(join + 9, path, strlen(path));
    a = bootstrap_answer(join, 9 + strlen(path));
    CHECK(strcmp(a, "2:open network namespace /nonexistent/ns: no such file or directory") == 0, "%s", a);
}

/* Bootstraps with the given records; returns what main said. */
static const char *bootstrap_then_main(const uint8_t *records, size_t len, int *child_pid)
{
    static char said[512];
    int sv[2], out[2];
    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0 || pipe2(out, O_CLOEXEC) < 0)
        abort();
    pid_t pid = fork();
    if (pid == 0) {
        dup2(sv[1], 3);
        dup2(out[1], 1);
        setenv("HULL_BOOTSTRAP_FD", "3", 1);
        char *argv[] = { "bootstrap_host", "init", NULL };
        execv(host_path, argv);
        _exit(127);
    }
    close(sv[1]);
    close(out[1]);
    hull_send_packet(sv[0], HULL_PACKET_BOOTSTRAP, records, len);
    uint8_t buf[64];
    ssize_t n = hull_receive_packet(sv[0], buf, sizeof(buf));
    *child_pid = 0;
    if (n == 5 && buf[0] == HULL_PACKET_CHILD_PID)
        memcpy(child_pid, buf + 1, 4);
    int status;
    waitpid(pid, &status, 0);
    size_t used = 0;
    while (used + 1 < sizeof(said) && (n = read(out[0], said + used, sizeof(said) - 1 - used)) > 0)
        used += (size_t)n;
    said[used] = '\0';
    close(out[0]);
    close(sv[0]);
    if (*child_pid > 0)
        waitpid(*child_pid, NULL, 0);
    return said;
}

static void bootstrap_forks_the_child_that_runs_main(void)
{
    uint8_t records[12] = { 1, 0, 8, 0 }; /* no namespaces to create */
    int child;
    const char *said = bootstrap_then_main(records, sizeof(records), &child);
    char expected[64];
    snprintf(expected, sizeof(expected), "main pid=%d ", child);
    CHECK(child > 0 && strncmp(said, expected, strlen(expected)) == 0, "child %d said %s", child, said);
    CHECK(strstr(said, " name=hull:[init] dumpable=1\n") != NULL, "said %s", said);
}

static void bootstrap_keeps_a_joining_child_undumpable(void)
{
    uint8_t records[64] = { 1, 0, 8, 0 };
    const char *path = "/proc/self/ns/net";
    uint16_t rlen = (uint16_t)(4 + strlen(path));
    uint32_t type = 0x40000000; /* CLONE_NEWNET */
    memcpy(records + 12, (uint16_t[]){ 2 }, 2);
    memcpy(records + 14, &rlen, 2);
    memcpy(records + 16, &type, 4);
    memcpy(records + 20, path, strlen(path));
    int child;
    const char *said = bootstrap_then_main(records, 20 + strlen(path), &child);
    CHECK(child > 0 && strstr(said, "dumpable=0\n"), "child %d said %s", child, said);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s BOOTSTRAP_HOST\n", argv[0]);
        return 2;
    }
    host_path = argv[1];
    /* The forked container processes become this process's children once the stage exits. */
    prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
    snprintf(scratch, sizeof(scratch), "/tmp/hull-native-test.XXXXXX");
    if (!mkdtemp(scratch))
        return 2;

    run_test("the parser accepts a minimal message", parse_accepts_a_minimal_message);
    run_test("the parser keeps every list NULL-terminated", parse_keeps_every_list_null_terminated);
    run_test("the parser rejects malformed messages", parse_rejects_malformed_messages);
    run_test("the program lookup follows Go's", lookup_follows_go);
    run_test("the channel reports a gone peer without a signal", channel_reports_a_gone_peer_without_a_signal);
    run_test("the last mile reports a missing program", last_mile_reports_a_missing_program);
    run_test("the last mile reports a missing working directory", last_mile_reports_a_missing_working_directory);
    run_test("the last mile runs the program with default signals", last_mile_runs_the_program_with_default_signals);
    run_test("the last mile waits for run and ends quietly without it", last_mile_waits_for_run_and_ends_quietly_without_it);
    run_test("the last mile refuses a malformed message", last_mile_refuses_a_malformed_message);
    run_test("a failing hook is reported with its output", a_failing_hook_is_reported_with_its_output);
    run_test("a hook past its timeout is killed", a_hook_past_its_timeout_is_killed);
    run_test("a hook that cannot start is named", a_hook_that_cannot_start_is_named);
    run_test("a hook that ignores its stdin does not end the init", a_hook_that_ignores_its_stdin_does_not_end_the_init);
    run_test("after a late filter only reads and writes reach the channel", after_a_late_filter_only_reads_and_writes_reach_the_channel);
    run_test("an early filter older than close_range and faccessat2 lets the process run", an_early_filter_older_than_the_calls_lets_the_process_run);
    run_test("bootstrap does nothing without its variable", bootstrap_does_nothing_without_its_variable);
    run_test("bootstrap refuses a descriptor that is not its socket", bootstrap_refuses_a_descriptor_that_is_not_its_socket);
    run_test("bootstrap reports malformed packets with their errno", bootstrap_reports_malformed_packets_with_their_errno);
    run_test("bootstrap forks the child that runs main", bootstrap_forks_the_child_that_runs_main);
    run_test("bootstrap keeps a joining child undumpable", bootstrap_keeps_a_joining_child_undumpable);

    char cleanup[300];
    snprintf(cleanup, sizeof(cleanup), "rm -rf %s", scratch);
    if (system(cleanup) != 0)
        return 2;
    printf("1..%d\n# %d tests, %d checks, %d failed tests, %d failed checks\n", tests, tests, checks, failed_tests, failed_checks);
    return failed_tests ? 1 : 0;
}
