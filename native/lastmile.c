/*
 * Hull's last mile: what a container's init or exec process does between its last managed instruction and execve
 * (DESIGN.md §1). C# decides everything and hands this code one flat message (Hull.Runtime.Protocol's
 * LastMileMessage); this code carries it out in runc's order, so that the container's own limits (rlimits,
 * capabilities, no_new_privs, the seccomp filter) never constrain the runtime's managed code, and every step that can
 * fail fails before `create` returns:
 *
 *   no_new_privs
 *   READY ------------------------------> the parent sets the rlimits (prlimit) and records the process
 *   (RUN <------------------------------- when the parent has work to do first)
 *   seccomp filter, unless no_new_privs (loading it needs CAP_SYS_ADMIN, which may go next)
 *   close-on-exec from 3 + preserved fds, chdir, bounding set, keep caps, groups, gid, uid, chdir again,
 *   capabilities, ambient, the parent-death signal again, the parent still ours
 *   look the program up (PATH of the process's environment) and check it may be executed
 *   every signal's default action, an empty signal mask
 *   seccomp filter, with no_new_privs (as late as it can be; from here on only write, read, open and close, as
 *   runc makes after it, and what hooks need)
 *   CREATED ----------------------------> create returns; run and exec listen on
 *   wait for start: the exec FIFO (create), START on the channel (run), nothing (exec)
 *   startContainer hooks (inside the container, under the filter)
 *   execve
 *
 * A failure is an ERROR packet while the parent listens, a line on the container's stderr after.
 * Message layout: records of u16 type, u32 length, payload; integers little-endian (every architecture Hull
 * runs on is).
 */
#define _GNU_SOURCE
#include "channel.h"
#include "lastmile.h"

#include <fcntl.h>
#include <linux/capability.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>

#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC (1U << 2)
#endif
#ifndef SECCOMP_FILTER_FLAG_NEW_LISTENER
#define SECCOMP_FILTER_FLAG_NEW_LISTENER (1UL << 3)
#endif
#ifndef PR_CAP_AMBIENT
#define PR_CAP_AMBIENT 47
#define PR_CAP_AMBIENT_RAISE 2
#define PR_CAP_AMBIENT_CLEAR_ALL 4
#endif

#define HOOK_OUTPUT_MAX 65536

static int sync_fd = -1;

/* An ERROR packet's first byte: the step that failed is one of starting the process, not of the init's setup. */
#define PROCESS_STEP_FAILURE 1

__attribute__((noreturn, format(printf, 1, 2)))
static void fail(const char *fmt, ...)
{
    char msg[8192];
    va_list ap;
    msg[0] = PROCESS_STEP_FAILURE;
    va_start(ap, fmt);
    vsnprintf(msg + 1, sizeof(msg) - 1, fmt, ap);
    va_end(ap);
    if (sync_fd >= 0 && hull_send_packet(sync_fd, HULL_PACKET_ERROR, msg, strlen(msg + 1) + 1) == 0)
        _exit(1);
    /* Nobody listens any more (create has returned): the container's stderr is where its user looks. */
    dprintf(STDERR_FILENO, "%s\n", msg + 1);
    _exit(1);
}

/* Appends to a list, whose items must follow each other in the pool. */
static int append(struct strings *list, const char **pool, size_t *used, const char *item)
{
    if (!list->items) {
        /* The slot after the previous list stays its NULL. */
        if (*used > 0)
            (*used)++;
        list->items = pool + *used;
    }
    else if (list->items + list->count != pool + *used)
        return -1;
    pool[(*used)++] = item;
    list->count++;
    return 0;
}

int hull_parse_last_mile(const uint8_t *buf, size_t len, struct last_mile *m)
{
    memset(m, 0, sizeof(*m));
    m->sync_fd = m->fifo_fd = m->proc_fd = m->agent_fd = -1;
    /* Every record is at least 6 bytes: a pool that many entries long holds every string with room for the NULLs. */
    size_t pool_size = len / 6 + 2 * (MAX_HOOKS + 1) + 1, used = 0;
    const char **pool = calloc(pool_size, sizeof(char *));
    if (!pool)
        return -1;
    size_t off = 0;
    struct hook *hook = NULL;
    while (off < len) {
        if (len - off < 6)
            return -1;
        uint16_t type;
        uint32_t rlen;
        memcpy(&type, buf + off, 2);
        memcpy(&rlen, buf + off + 2, 4);
        off += 6;
        if (rlen > len - off)
            return -1;
        const uint8_t *p = buf + off;
        off += rlen;
        /* Strings end in NUL inside their record, so they can be used where they lie. */
        const char *str = (const char *)p;
        int is_string = rlen > 0 && p[rlen - 1] == '\0';
        switch (type) {
        case LM_SYNC_FD:
            if (rlen != 4)
                return -1;
            memcpy(&m->sync_fd, p, 4);
            break;
        case LM_WAIT_RUN:
            m->wait_run = 1;
            break;
        case LM_START:
            if (rlen != 1 || p[0] > START_CHANNEL)
                return -1;
            m->start = p[0];
            break;
        case LM_FIFO:
            if (rlen != 8)
                return -1;
            memcpy(&m->proc_fd, p, 4);
            memcpy(&m->fifo_fd, p + 4, 4);
            break;
        case LM_NO_NEW_PRIVS:
            m->no_new_privs = 1;
            break;
        case LM_SECCOMP_PROGRAM:
            if (rlen == 0 || rlen % sizeof(struct sock_filter) != 0 || rlen / sizeof(struct sock_filter) > 0xffff)
                return -1;
            m->program = p;
            m->program_len = rlen;
            break;
        case LM_SECCOMP_FLAGS:
            if (rlen != 4)
                return -1;
            memcpy(&m->seccomp_flags, p, 4);
            break;
        case LM_SECCOMP_LATE:
            m->seccomp_late = 1;
            break;
        case LM_SECCOMP_AGENT:
            if (rlen < 4)
                return -1;
            memcpy(&m->agent_fd, p, 4);
            m->agent_state = p + 4;
            m->agent_state_len = rlen - 4;
            break;
        case LM_CAPABILITIES:
            if (rlen != 5 * 8 + 4)
                return -1;
            memcpy(m->caps, p, 5 * 8);
            memcpy(&m->last_cap, p + 5 * 8, 4);
            m->has_caps = 1;
            break;
        case LM_USER:
            if (rlen < 9 || (rlen - 9) % 4 != 0)
                return -1;
            memcpy(&m->uid, p, 4);
            memcpy(&m->gid, p + 4, 4);
            m->set_groups = p[8];
            m->group_count = (rlen - 9) / 4;
            m->groups = malloc(rlen - 9 + 4);
            if (!m->groups)
                return -1;
            memcpy(m->groups, p + 9, rlen - 9);
            m->has_user = 1;
            break;
        case LM_CWD:
            if (!is_string)
                return -1;
            m->cwd = str;
            break;
        case LM_PRESERVE_FDS:
            if (rlen != 4)
                return -1;
            memcpy(&m->preserve_fds, p, 4);
            break;
        case LM_PARENT:
            if (rlen != 8)
                return -1;
            memcpy(&m->death_signal, p, 4);
            memcpy(&m->parent_pid, p + 4, 4);
            break;
        case LM_ARG:
        case LM_ENV:
        case LM_HOOK_ARG:
        case LM_HOOK_ENV: {
            if (!is_string)
                return -1;
            struct strings *list = type == LM_ARG ? &m->args : type == LM_ENV ? &m->env : !hook ? NULL
                : type == LM_HOOK_ARG ? &hook->args : &hook->env;
            /* Each list ends in a NULL for execve: one slot is kept free after it. */
            if (!list || used + 2 > pool_size || append(list, pool, &used, str) < 0)
                return -1;
            pool[used] = NULL;
            break;
        }
        case LM_HOOK:
            if (rlen < 5 || p[rlen - 1] != '\0' || m->hook_count == MAX_HOOKS)
                return -1;
            hook = &m->hooks[m->hook_count++];
            memcpy(&hook->timeout, p, 4);
            hook->path = (const char *)p + 4;
            break;
        case LM_HOOK_INHERIT_ENV:
            if (!hook)
                return -1;
            hook->inherit_env = 1;
            break;
        case LM_HOOK_STATE:
            if (!is_string)
                return -1;
            m->hook_state = str;
            break;
        case LM_RELEASE:
            if (rlen % 16 != 0)
                return -1;
            m->release = p;
            m->release_count = rlen / 16;
            break;
        default:
            return -1;
        }
    }
    if (m->sync_fd < 3 || m->args.count == 0 || (m->start == START_FIFO && (m->fifo_fd < 0 || m->proc_fd < 0)))
        return -1;
    return 0;
}

/* Loads the filter; with an agent, hands it the notify descriptor along with the container's state. */
static void load_seccomp(const struct last_mile *m)
{
    struct sock_fprog prog = {
        .len = (unsigned short)(m->program_len / sizeof(struct sock_filter)),
        .filter = (struct sock_filter *)m->program,
    };
    unsigned long flags = m->seccomp_flags | (m->agent_fd >= 0 ? SECCOMP_FILTER_FLAG_NEW_LISTENER : 0);
    long notify = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, flags, &prog);
    if (notify < 0)
        fail("error loading seccomp filter into kernel: %s", hull_errno_text(errno));
    if (m->agent_fd < 0)
        return;
    union {
        struct cmsghdr header;
        char space[CMSG_SPACE(sizeof(int))];
    } control;
    memset(&control, 0, sizeof(control));
    struct iovec iov = { .iov_base = (void *)m->agent_state, .iov_len = m->agent_state_len };
    struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = &control, .msg_controllen = sizeof(control) };
    struct cmsghdr *cmsg = CMSG_FIRSTHDR(&msg);
    cmsg->cmsg_level = SOL_SOCKET;
    cmsg->cmsg_type = SCM_RIGHTS;
    cmsg->cmsg_len = CMSG_LEN(sizeof(int));
    int fd = (int)notify;
    memcpy(CMSG_DATA(cmsg), &fd, sizeof(int));
    while (sendmsg(m->agent_fd, &msg, MSG_NOSIGNAL) < 0) {
        if (errno != EINTR)
            fail("cannot send seccomp fd to the agent: %s", hull_errno_text(errno));
    }
    close(fd);
    close(m->agent_fd);
}

static void apply_capabilities(const struct last_mile *m)
{
    struct __user_cap_header_struct header = { .version = _LINUX_CAPABILITY_VERSION_3, .pid = 0 };
    struct __user_cap_data_struct data[2];
    for (int i = 0; i < 2; i++) {
        data[i].effective = (uint32_t)(m->caps[CAP_EFFECTIVE] >> (32 * i));
        data[i].permitted = (uint32_t)(m->caps[CAP_PERMITTED] >> (32 * i));
        data[i].inheritable = (uint32_t)(m->caps[CAP_INHERITABLE] >> (32 * i));
    }
    if (syscall(SYS_capset, &header, data) < 0)
        fail("unable to apply caps: %s", hull_errno_text(errno));
    if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0 && errno != EINVAL)
        fail("unable to apply caps: %s", hull_errno_text(errno));
    for (unsigned cap = 0; cap <= m->last_cap && cap < 64; cap++) {
        if ((m->caps[CAP_AMBIENT] & (1ULL << cap)) && prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, cap, 0, 0) < 0)
            fail("unable to apply caps: %s", hull_errno_text(errno));
    }
}

/*
 * Every descriptor after stdio and the preserved ones is closed at execve. Done before the filter: profiles written
 * before close_range existed refuse it. Kernels older than 5.11 lack it; there every descriptor is marked on its own.
 */
static void close_exec_fds(const struct last_mile *m)
{
    unsigned first = 3U + (unsigned)m->preserve_fds;
    if (syscall(SYS_close_range, first, ~0U, CLOSE_RANGE_CLOEXEC) == 0)
        return;
    if (errno != ENOSYS && errno != EINVAL)
        fail("error closing exec fds: %s", hull_errno_text(errno));
    long max = sysconf(_SC_OPEN_MAX);
    for (long fd = first; fd < (max > 0 ? max : 1024); fd++) {
        int flags = fcntl((int)fd, F_GETFD);
        if (flags >= 0 && fcntl((int)fd, F_SETFD, flags | FD_CLOEXEC) < 0)
            fail("error closing exec fds: %s", hull_errno_text(errno));
    }
}

/*
 * The container's identity, as runc's finalizeNamespace gives it: the working directory is entered before the user
 * changes where that is allowed (a directory only root may enter), and after it otherwise. The ids are set with the
 * raw system calls: glibc's wrappers would signal every thread of the runtime, which execve ends anyway.
 */
static void finalize_identity(const struct last_mile *m)
{
    int chdir_again = 0;
    if (m->cwd && chdir(m->cwd) < 0) {
        if (errno != EACCES && errno != EPERM)
            fail("chdir to cwd (\"%s\") set in config.json failed: %s", m->cwd, hull_errno_text(errno));
        chdir_again = 1;
    }
    if (m->has_caps) {
        for (unsigned cap = 0; cap <= m->last_cap && cap < 64; cap++) {
            if (!(m->caps[CAP_BOUNDING] & (1ULL << cap)) && prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0 && errno != EINVAL)
                fail("unable to apply bounding set: %s", hull_errno_text(errno));
        }
        if (prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0)
            fail("unable to set keep caps: %s", hull_errno_text(errno));
    }
    if (m->has_user) {
        if (m->set_groups && syscall(SYS_setgroups, m->group_count, m->groups) < 0)
            fail("unable to setup user: setgroups: %s", hull_errno_text(errno));
        if (syscall(SYS_setresgid, m->gid, m->gid, m->gid) < 0)
            fail("unable to setup user: setgid: %s", hull_errno_text(errno));
        if (syscall(SYS_setresuid, m->uid, m->uid, m->uid) < 0)
            fail("unable to setup user: setuid: %s", hull_errno_text(errno));
    }
    if (chdir_again && chdir(m->cwd) < 0)
        fail("chdir to cwd (\"%s\") set in config.json failed: %s", m->cwd, hull_errno_text(errno));
    if (m->has_caps) {
        if (prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0) < 0)
            fail("unable to clear keep caps: %s", hull_errno_text(errno));
        apply_capabilities(m);
    }
    /* A change of user clears the parent-death signal. */
    if (m->death_signal && prctl(PR_SET_PDEATHSIG, m->death_signal, 0, 0, 0) < 0)
        fail("can't restore pdeath signal: %s", hull_errno_text(errno));
    /* The parent that started us is gone: whoever adopted us did not ask for a container. */
    if (m->parent_pid && getppid() != m->parent_pid)
        kill(getpid(), SIGKILL);
}

/* Go's findExecutable: a regular file (or any non-directory) with an execute bit, else EACCES, or stat's errno. */
static int find_executable(const char *path)
{
    struct stat st;
    if (stat(path, &st) < 0)
        return errno;
    return !S_ISDIR(st.st_mode) && (st.st_mode & 0111) ? 0 : EACCES;
}

/*
 * Whether the process's user may execute the program (a noexec mount, a mode the user lacks), so that it is said
 * before start. faccessat2 may be refused by a filter written before it existed; then, as runc does, the old call.
 */
static int executable_as_container_user(const char *program)
{
    if (syscall(SYS_faccessat2, AT_FDCWD, program, X_OK, AT_EACCESS) == 0)
        return 1;
    if (errno != ENOSYS && errno != EPERM)
        return 0;
    return syscall(SYS_faccessat, AT_FDCWD, program, X_OK) == 0;
}

/* The value of PATH in the process's environment (the last one given), or NULL. */
static const char *env_path(const struct last_mile *m)
{
    const char *path = NULL;
    for (int i = 0; i < m->env.count; i++) {
        if (strncmp(m->env.items[i], "PATH=", 5) == 0)
            path = m->env.items[i] + 5;
    }
    return path;
}

/* Go's exec.LookPath over the container process's PATH, into buf, in runc's words when it fails. */
const char *hull_look_path(const char *name, const char *path, char *buf, size_t size, char *error, size_t error_size)
{
    if (strchr(name, '/')) {
        int err = find_executable(name);
        if (err == 0)
            return name;
        if (err == EACCES)
            snprintf(error, error_size, "exec: \"%s\": %s", name, hull_errno_text(EACCES));
        else
            snprintf(error, error_size, "exec: \"%s\": stat %s: %s", name, name, hull_errno_text(err));
        return NULL;
    }
    for (const char *dir = path; dir; ) {
        const char *end = strchr(dir, ':');
        size_t dlen = end ? (size_t)(end - dir) : strlen(dir);
        if (dlen == 0)
            snprintf(buf, size, "%s", name);
        else
            snprintf(buf, size, "%.*s%s%s", (int)dlen, dir, dir[dlen - 1] == '/' ? "" : "/", name);
        if (find_executable(buf) == 0)
            return buf;
        dir = end ? end + 1 : NULL;
    }
    snprintf(error, error_size, "exec: \"%s\": executable file not found in $PATH", name);
    return NULL;
}

static void release_file_pages(const struct last_mile *m)
{
    for (size_t i = 0; i < m->release_count; i++) {
        uint64_t start, length;
        memcpy(&start, m->release + 16 * i, 8);
        memcpy(&length, m->release + 16 * i + 8, 8);
        madvise((void *)(uintptr_t)start, (size_t)length, MADV_DONTNEED);
    }
}

/* Blocks until `start` opens the FIFO for reading, then tells it the init goes ahead (see Parent's ExecFifo). */
static void wait_for_fifo(const struct last_mile *m)
{
    char name[16];
    snprintf(name, sizeof(name), "%d", m->fifo_fd);
    release_file_pages(m);
    int fd;
    do {
        fd = openat(m->proc_fd, name, O_WRONLY | O_CLOEXEC);
    } while (fd < 0 && errno == EINTR);
    if (fd < 0)
        fail("open exec fifo /proc/self/fd/%s: %s", name, hull_errno_text(errno));
    if (write(fd, "0", 1) != 1)
        fail("write exec fifo /proc/self/fd/%s: %s", name, hull_errno_text(errno));
    /* The O_PATH descriptor goes before execve, which would otherwise reset dumpable after it (CVE-2016-9962). */
    close(m->fifo_fd);
    close(m->proc_fd);
}

/* read(2), not recvmsg: the filter may be in place, and a profile that lets the process run allows read. */
static void wait_for_start_packet(void)
{
    uint8_t packet[64];
    ssize_t n;
    do {
        n = read(sync_fd, packet, sizeof(packet));
    } while (n < 0 && errno == EINTR);
    if (n < 1 || packet[0] != HULL_PACKET_START)
        _exit(1);
}

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Reads what is ready on a hook's output pipe; returns 0 at its end. */
static int drain(int fd, char *buf, size_t *used)
{
    char chunk[4096];
    ssize_t n = read(fd, chunk, sizeof(chunk));
    if (n < 0)
        return errno == EINTR || errno == EAGAIN;
    if (n == 0)
        return 0;
    size_t room = HOOK_OUTPUT_MAX - 1 - *used;
    size_t take = (size_t)n < room ? (size_t)n : room;
    memcpy(buf + *used, chunk, take);
    *used += take;
    return 1;
}

/*
 * Starts a hook with the given stdio; returns its pid, or -1 with *exec_errno saying why it could not run. vfork: the
 * child shares this memory until its execve, which is how it says why that failed.
 */
__attribute__((noinline))
static pid_t spawn(const char *path, const char **argv, const char **envp, const int stdio[3], int *exec_errno)
{
    volatile int child_errno = 0;
    pid_t pid = vfork();
    if (pid == 0) {
        /* Dispositions are the child's own even under vfork; the hook starts with SIGPIPE's default. */
        signal(SIGPIPE, SIG_DFL);
        for (int fd = 0; fd < 3; fd++) {
            if (dup2(stdio[fd], fd) < 0) {
                child_errno = errno;
                _exit(127);
            }
        }
        execve(path, (char **)argv, (char **)envp);
        child_errno = errno;
        _exit(127);
    }
    if (pid < 0) {
        *exec_errno = errno;
        return -1;
    }
    if (child_errno) {
        *exec_errno = child_errno;
        waitpid(pid, NULL, 0);
        return -1;
    }
    return pid;
}

/*
 * Runs one startContainer hook as runc does: the state on stdin, its output kept for the error message, and, when
 * the config gave it no environment, the container process's.
 */
static void run_hook(const struct hook *hook, int index, const char *state, const struct strings *process_env)
{
    int in[2], out[2], err[2];
    if (pipe2(in, O_CLOEXEC) < 0 || pipe2(out, O_CLOEXEC) < 0 || pipe2(err, O_CLOEXEC) < 0)
        fail("error running hook #%d: pipe: %s", index, hull_errno_text(errno));
    const char *path_only[2] = { hook->path, NULL };
    const char *no_env[1] = { NULL };
    const struct strings *env = hook->inherit_env ? process_env : &hook->env;
    int stdio[3] = { in[0], out[1], err[1] }, exec_errno = 0;
    pid_t pid = spawn(hook->path, hook->args.count ? hook->args.items : path_only, env->count ? env->items : no_env, stdio, &exec_errno);
    close(in[0]);
    close(out[1]);
    close(err[1]);
    if (pid < 0)
        fail("error running hook #%d: fork/exec %s: %s", index, hook->path, hull_errno_text(exec_errno));
    /* A hook need not read its stdin; one that exits first makes the write fail, which is fine. */
    size_t left = state ? strlen(state) : 0;
    while (left > 0) {
        ssize_t n = write(in[1], state, left);
        if (n <= 0 && errno != EINTR)
            break;
        if (n > 0) {
            state += n;
            left -= (size_t)n;
        }
    }
    close(in[1]);
    static char stdout_text[HOOK_OUTPUT_MAX], stderr_text[HOOK_OUTPUT_MAX];
    size_t stdout_used = 0, stderr_used = 0;
    struct pollfd fds[2] = { { .fd = out[0], .events = POLLIN }, { .fd = err[0], .events = POLLIN } };
    long long deadline = hook->timeout > 0 ? now_ms() + (long long)hook->timeout * 1000 : 0;
    while (fds[0].fd >= 0 || fds[1].fd >= 0) {
        int wait = -1;
        if (deadline) {
            long long remaining = deadline - now_ms();
            if (remaining <= 0)
                break;
            wait = (int)remaining;
        }
        if (poll(fds, 2, wait) < 0 && errno != EINTR)
            break;
        if (fds[0].fd >= 0 && fds[0].revents && !drain(out[0], stdout_text, &stdout_used))
            fds[0].fd = -1;
        if (fds[1].fd >= 0 && fds[1].revents && !drain(err[0], stderr_text, &stderr_used))
            fds[1].fd = -1;
    }
    close(out[0]);
    close(err[0]);
    int status;
    if (deadline) {
        while (waitpid(pid, &status, WNOHANG) == 0) {
            if (now_ms() >= deadline) {
                kill(pid, SIGKILL);
                waitpid(pid, &status, 0);
                fail("error running hook #%d: hook ran past specified timeout of %.1fs", index, (double)hook->timeout);
            }
            usleep(1000);
        }
    } else if (waitpid(pid, &status, 0) < 0) {
        fail("error running hook #%d: wait: %s", index, hull_errno_text(errno));
    }
    stdout_text[stdout_used] = '\0';
    stderr_text[stderr_used] = '\0';
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
        return;
    char how[64];
    if (WIFEXITED(status))
        snprintf(how, sizeof(how), "exit status %d", WEXITSTATUS(status));
    else
        snprintf(how, sizeof(how), "signal: %s", strsignal(WTERMSIG(status)));
    if (how[8] >= 'A' && how[8] <= 'Z')
        how[8] = (char)(how[8] - 'A' + 'a');
    fail("error running hook #%d: error running hook: %s, stdout: %s, stderr: %s", index, how, stdout_text, stderr_text);
}

/* rt_sigaction(2)'s own layout: glibc's wrapper refuses the two signals it keeps for itself. */
struct kernel_sigaction {
    void (*handler)(int);
    unsigned long flags;
    void (*restorer)(void);
    uint64_t mask;
};

/* The runtime ignores SIGPIPE, whoever started it may have ignored others, and its threads' masks may hold signals:
 * execve keeps all that, so the hooks and the container's process are given every signal's default and an empty mask,
 * as any process starts. */
static void reset_signals(void)
{
    for (int sig = 1; sig <= 64; sig++) {
        struct kernel_sigaction action;
        if (sig == SIGKILL || sig == SIGSTOP || syscall(SYS_rt_sigaction, sig, NULL, &action, sizeof(action.mask)) < 0)
            continue;
        if (action.handler == SIG_IGN) {
            struct kernel_sigaction dfl = { .handler = SIG_DFL };
            syscall(SYS_rt_sigaction, sig, &dfl, NULL, sizeof(dfl.mask));
        }
    }
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
}

void hull_last_mile(const uint8_t *message, size_t len)
{
    static struct last_mile m;
    if (hull_parse_last_mile(message, len, &m) < 0) {
        dprintf(STDERR_FILENO, "hull: the last mile's message is malformed\n");
        _exit(1);
    }
    sync_fd = m.sync_fd;
    /* The v1 cgroups were joined, and the ids are set, for this thread alone: it must be the one that execs. */
    if (syscall(SYS_gettid) != getpid())
        fail("the last mile runs on a thread other than the process's own");
    if (m.no_new_privs && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
        fail("prctl(SET_NO_NEW_PRIVS): %s", hull_errno_text(errno));
    int err = hull_send_packet(sync_fd, HULL_PACKET_READY, NULL, 0);
    if (err)
        _exit(1);
    if (m.wait_run) {
        uint8_t packet[64];
        ssize_t n = hull_receive_packet(sync_fd, packet, sizeof(packet));
        if (n < 1 || packet[0] != HULL_PACKET_RUN)
            _exit(1);
    }
    close_exec_fds(&m);
    if (m.program && !m.seccomp_late)
        load_seccomp(&m);
    finalize_identity(&m);
    char found[4096], error[8192];
    const char *program = hull_look_path(m.args.items[0], env_path(&m), found, sizeof(found), error, sizeof(error));
    if (!program)
        fail("%s", error);
    if (!executable_as_container_user(program))
        fail("exec %s: %s", program, hull_errno_text(errno));
    reset_signals();
    if (m.program && m.seccomp_late)
        load_seccomp(&m);
    /* From here on the filter may be in place: only the system calls runc makes after it are made (write, open,
     * close, read), and whatever the hooks need. */
    uint8_t created = HULL_PACKET_CREATED;
    if (write(sync_fd, &created, 1) != 1)
        _exit(1);
    switch (m.start) {
    case START_FIFO:
        close(sync_fd);
        sync_fd = -1;
        wait_for_fifo(&m);
        break;
    case START_CHANNEL:
        wait_for_start_packet();
        break;
    default:
        break;
    }
    /* A hook that exits without reading its stdin must not end the init as it writes the state there. */
    signal(SIGPIPE, SIG_IGN);
    for (int i = 0; i < m.hook_count; i++)
        run_hook(&m.hooks[i], i, m.hook_state, &m.env);
    signal(SIGPIPE, SIG_DFL);
    const char *no_env[1] = { NULL };
    execve(program, (char **)m.args.items, (char **)(m.env.count ? m.env.items : no_env));
    fail("exec %s: %s", program, hull_errno_text(errno));
}
