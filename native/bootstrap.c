/*
 * Hull's native bootstrap stage.
 *
 * A .NET process is multi-threaded before Main runs, and the kernel refuses
 * unshare(CLONE_NEWUSER) and setns() into a user or mount namespace from a
 * multi-threaded process. So the namespace work happens here, in a constructor
 * that runs before the .NET runtime starts, and the runtime then boots in a
 * process that is already inside every namespace (see DESIGN.md §1).
 *
 * The stage does nothing unless HULL_BOOTSTRAP_FD names the parent's
 * SOCK_SEQPACKET socket (the managed init reads it again to talk to the
 * parent once the runtime is up). Then it closes every descriptor above that socket (stdio and the
 * descriptors asked to be preserved stay; the rest come later with the configuration) and:
 *
 *   parent (hull)                      this process (stage 0)
 *   --------------                     ----------------------
 *   BOOTSTRAP packet  ---------------> join namespaces by path (user first)
 *                                      unshare(CLONE_NEWUSER)?
 *                     <--------------- USERNS_READY {pid}   (only with a new userns)
 *   writes id maps
 *   MAPS_DONE         ---------------> become root in the new user namespace
 *                                      (HOLD: wait here to be killed)
 *                                      unshare(the other namespaces)
 *                                      write time namespace offsets
 *                                      fork(), into a cgroup2 directory when
 *                                      the packet carries one
 *                     <--------------- CHILD_PID {pid}       stage 0 exits
 *                                      the child returns from here and the
 *                                      .NET runtime starts in it
 *
 * Any failure is reported as ERROR {errno, message} and the process exits.
 * The packet layouts are mirrored by Hull.Runtime's BootstrapMessage.
 */
#define _GNU_SOURCE
#include "channel.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <unistd.h>

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

#define BOOTSTRAP_FD_ENV "HULL_BOOTSTRAP_FD"
#define MAX_PACKET 65536
#define MAX_JOINS 16

/* Records inside a BOOTSTRAP packet: u16 type, u16 length, payload. */
enum record_type {
    RECORD_CLONE_FLAGS = 1,   /* u64: namespaces to create */
    RECORD_JOIN = 2,          /* u32 clone flag, then a path */
    RECORD_TIME_OFFSETS = 3,  /* text for /proc/self/timens_offsets */
    RECORD_OOM_SCORE_ADJ = 4, /* text for /proc/self/oom_score_adj */
    RECORD_HOLD = 5,          /* no payload: after the id maps, wait to be killed */
    RECORD_INTO_CGROUP = 7,   /* no payload: the packet carries a cgroup2 directory to fork the child into */
};

/* struct clone_args of clone3(2), which glibc does not wrap. */
struct clone_arguments {
    uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls, set_tid, set_tid_size, cgroup;
};

#define CLONE_INTO_CGROUP_FLAG 0x200000000ULL

#ifndef PR_GET_TID_ADDRESS
#define PR_GET_TID_ADDRESS 40
#endif

struct join {
    uint32_t type;
    int fd;
};

struct bootstrap {
    uint64_t clone_flags;
    struct join joins[MAX_JOINS];
    int join_count;
    const char *time_offsets;
    size_t time_offsets_len;
    const char *oom_score_adj;
    size_t oom_score_adj_len;
    int hold;
    int into_cgroup;
};

static int sync_fd = -1;

/* Sends a packet; a parent that cannot hear it any more has gone, and so does this stage. */
static void send_packet(uint8_t type, const void *payload, size_t len)
{
    if (hull_send_packet(sync_fd, type, payload, len))
        _exit(1);
}

/* Reports ERROR {errno, message} (a message longer than the buffer is cut at its end) and exits. */
__attribute__((noreturn, format(printf, 2, 3)))
static void fail(int err, const char *fmt, ...)
{
    char msg[4096];
    int32_t code = err;
    va_list ap;
    memcpy(msg, &code, sizeof(code));
    va_start(ap, fmt);
    int n = vsnprintf(msg + sizeof(code), sizeof(msg) - sizeof(code), fmt, ap);
    va_end(ap);
    if (n < 0)
        n = 0;
    if ((size_t)n > sizeof(msg) - sizeof(code) - 1)
        n = sizeof(msg) - sizeof(code) - 1;
    send_packet(HULL_PACKET_NATIVE_ERROR, msg, sizeof(code) + (size_t)n);
    _exit(1);
}

/* Receives a packet and the one descriptor it may carry (-1 in *fd without one). */
static ssize_t receive_packet_with_fd(uint8_t *buf, size_t size, int *fd)
{
    union {
        struct cmsghdr header;
        char space[CMSG_SPACE(sizeof(int))];
    } control;
    struct iovec iov = { .iov_base = buf, .iov_len = size };
    struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = &control, .msg_controllen = sizeof(control) };
    ssize_t n;
    do {
        n = recvmsg(sync_fd, &msg, MSG_CMSG_CLOEXEC);
    } while (n < 0 && errno == EINTR);
    struct cmsghdr *cmsg = CMSG_FIRSTHDR(&msg);
    *fd = -1;
    if (n > 0 && cmsg && cmsg->cmsg_level == SOL_SOCKET && cmsg->cmsg_type == SCM_RIGHTS && cmsg->cmsg_len == CMSG_LEN(sizeof(int)))
        memcpy(fd, CMSG_DATA(cmsg), sizeof(int));
    return n;
}

/* Receives a packet that carries no descriptor (one sent anyway is closed). */
static ssize_t receive_packet(uint8_t *buf, size_t size)
{
    int fd;
    ssize_t n = receive_packet_with_fd(buf, size, &fd);
    if (fd >= 0)
        close(fd);
    return n;
}

/* fork(2), with the child born into the cgroup2 directory `cgroup` (CLONE_INTO_CGROUP): no move into it later,
 * which would take the kernel's global threadgroup lock and wait for an RCU grace period. glibc has no wrapper for
 * clone3, so the child is made the way glibc's fork makes one: the kernel writes the child's tid where glibc keeps
 * it, and the child registers glibc's robust futex list again (a new process starts without one). This stage is
 * single-threaded, so no lock of glibc's is held at the fork. */
static pid_t fork_into_cgroup(int cgroup)
{
    pid_t *tid = NULL;
    void *robust = NULL;
    size_t robust_len = 0;
    if (prctl(PR_GET_TID_ADDRESS, &tid, 0, 0, 0) < 0 || syscall(SYS_get_robust_list, 0, &robust, &robust_len) < 0)
        return -1;
    struct clone_arguments args = {
        .flags = CLONE_INTO_CGROUP_FLAG | CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID,
        .child_tid = (uint64_t)(uintptr_t)tid,
        .exit_signal = SIGCHLD,
        .cgroup = (uint64_t)cgroup,
    };
    long pid = syscall(SYS_clone3, &args, sizeof(args));
    if (pid == 0) {
        /* The two things glibc's fork does for a child, checked: its tid where glibc reads it, its robust list. */
        void *registered = NULL;
        size_t registered_len = 0;
        if (*tid != (pid_t)syscall(SYS_gettid))
            fail(EPROTO, "fork into cgroup: the kernel did not set the child's tid where the C library keeps it");
        if (syscall(SYS_set_robust_list, robust, robust_len) < 0 || syscall(SYS_get_robust_list, 0, &registered, &registered_len) < 0
            || registered != robust)
            fail(errno, "fork into cgroup: register the robust futex list: %s", hull_errno_text(errno));
    }
    return (pid_t)pid;
}

/* Where the kernel cannot fork into a cgroup (no clone3 or CLONE_INTO_CGROUP, or no PR_GET_TID_ADDRESS without
 * CONFIG_CHECKPOINT_RESTORE), the child is forked as usual and moves itself in: slower, the same place. */
static pid_t fork_then_join_cgroup(int cgroup)
{
    pid_t child = fork();
    if (child == 0) {
        int procs = openat(cgroup, "cgroup.procs", O_WRONLY | O_CLOEXEC);
        if (procs < 0 || write(procs, "0", 1) != 1)
            fail(errno, "join the container's cgroup: %s", hull_errno_text(errno));
        close(procs);
    }
    return child;
}

static const char *namespace_name(uint32_t type)
{
    switch (type) {
    case CLONE_NEWUSER: return "user";
    case CLONE_NEWNS: return "mount";
    case CLONE_NEWPID: return "pid";
    case CLONE_NEWNET: return "network";
    case CLONE_NEWIPC: return "ipc";
    case CLONE_NEWUTS: return "uts";
    case CLONE_NEWCGROUP: return "cgroup";
    case CLONE_NEWTIME: return "time";
    default: return "unknown";
    }
}

static void parse_bootstrap(uint8_t *buf, size_t len, struct bootstrap *b)
{
    size_t off = 0;
    memset(b, 0, sizeof(*b));
    while (off + 4 <= len) {
        uint16_t type, rlen;
        memcpy(&type, buf + off, 2);
        memcpy(&rlen, buf + off + 2, 2);
        off += 4;
        if (off + rlen > len)
            fail(EINVAL, "bootstrap: truncated record %u", type);
        uint8_t *p = buf + off;
        switch (type) {
        case RECORD_CLONE_FLAGS:
            if (rlen != 8)
                fail(EINVAL, "bootstrap: bad clone flags record");
            memcpy(&b->clone_flags, p, 8);
            break;
        case RECORD_JOIN: {
            if (rlen < 5 || b->join_count == MAX_JOINS)
                fail(EINVAL, "bootstrap: bad namespace record");
            struct join *j = &b->joins[b->join_count++];
            char path[4096];
            memcpy(&j->type, p, 4);
            size_t plen = rlen - 4u;
            if (plen >= sizeof(path))
                fail(ENAMETOOLONG, "bootstrap: namespace path too long");
            memcpy(path, p + 4, plen);
            path[plen] = '\0';
            /* Open every path before joining any namespace: after setns into a
             * mount namespace the host's paths are no longer visible. */
            j->fd = open(path, O_RDONLY | O_CLOEXEC);
            if (j->fd < 0)
                fail(errno, "open %s namespace %s: %s", namespace_name(j->type), path, hull_errno_text(errno));
            break;
        }
        case RECORD_TIME_OFFSETS:
            b->time_offsets = (const char *)p;
            b->time_offsets_len = rlen;
            break;
        case RECORD_OOM_SCORE_ADJ:
            b->oom_score_adj = (const char *)p;
            b->oom_score_adj_len = rlen;
            break;
        case RECORD_HOLD:
            b->hold = 1;
            break;
        case RECORD_INTO_CGROUP:
            b->into_cgroup = 1;
            break;
        default:
            fail(EINVAL, "bootstrap: unknown record %u", type);
        }
        off += rlen;
    }
}

/* Joins the user namespace (user_first) or the others, but for a cgroup namespace when `but_cgroup`. */
static void join_namespaces(struct bootstrap *b, int user_first, int but_cgroup)
{
    for (int i = 0; i < b->join_count; i++) {
        struct join *j = &b->joins[i];
        if (j->fd < 0 || ((j->type == CLONE_NEWUSER) != user_first) || (but_cgroup && j->type == CLONE_NEWCGROUP))
            continue;
        if (setns(j->fd, (int)j->type) < 0)
            fail(errno, "join %s namespace: %s", namespace_name(j->type), hull_errno_text(errno));
        close(j->fd);
        j->fd = -1;
    }
}

static void write_proc_file(const char *path, const char *data, size_t len)
{
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0)
        fail(errno, "open %s: %s", path, hull_errno_text(errno));
    if (write(fd, data, len) != (ssize_t)len)
        fail(errno, "write %s: %s", path, hull_errno_text(errno));
    close(fd);
}

static void become_root_in_new_user_namespace(int joining)
{
    int32_t pid = getpid();
    uint8_t buf[16];
    if (unshare(CLONE_NEWUSER) < 0)
        fail(errno, "create user namespace: %s", hull_errno_text(errno));
    /* The parent opens our id map files, which only a dumpable process lets it do: dumpable for that long. */
    if (prctl(PR_SET_DUMPABLE, 1, 0, 0, 0) < 0)
        fail(errno, "set the process dumpable: %s", hull_errno_text(errno));
    send_packet(HULL_PACKET_USERNS_READY, &pid, sizeof(pid));
    ssize_t n = receive_packet(buf, sizeof(buf));
    if (n < 1 || buf[0] != HULL_PACKET_MAPS_DONE)
        fail(EPROTO, "bootstrap: parent did not write the id maps");
    if (joining && prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0)
        fail(errno, "set the process non-dumpable: %s", hull_errno_text(errno));
    if (setresgid(0, 0, 0) < 0)
        fail(errno, "setresgid(0) in user namespace: %s", hull_errno_text(errno));
    if (setresuid(0, 0, 0) < 0)
        fail(errno, "setresuid(0) in user namespace: %s", hull_errno_text(errno));
}

static void run_bootstrap(void)
{
    static uint8_t buf[MAX_PACKET];
    struct bootstrap b;
    int cgroup = -1;

    ssize_t n = receive_packet_with_fd(buf, sizeof(buf), &cgroup);
    if (n < 1 || buf[0] != HULL_PACKET_BOOTSTRAP)
        fail(EPROTO, "bootstrap: expected a bootstrap packet");
    parse_bootstrap(buf + 1, (size_t)n - 1, &b);
    if (b.into_cgroup && cgroup < 0)
        fail(EPROTO, "bootstrap: a cgroup to fork into was announced but not sent");

    /* A process joining another's namespaces (exec) holds the runtime's descriptors and the sync socket: it must not
     * be ptraced, nor its /proc/PID/fd opened, from inside the container meanwhile (the CVE-2016-9962 class). Non-
     * dumpable it is, until its execve. A container's own init joins nothing and needs its /proc files. */
    if (b.join_count > 0 && prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0)
        fail(errno, "set the process non-dumpable: %s", hull_errno_text(errno));

    if (b.oom_score_adj)
        write_proc_file("/proc/self/oom_score_adj", b.oom_score_adj, b.oom_score_adj_len);

    join_namespaces(&b, 1, 0);
    if (b.clone_flags & CLONE_NEWUSER)
        become_root_in_new_user_namespace(b.join_count > 0);
    /* A holder only keeps a user namespace alive for the parent to open (idmapped mounts). */
    if (b.hold)
        for (;;)
            pause();
    /* A fork into a cgroup is checked against the forking process's cgroup namespace, so one to join is joined
     * by the child, after it was born into its cgroup. */
    join_namespaces(&b, 0, b.into_cgroup);

    uint64_t rest = b.clone_flags & ~(uint64_t)CLONE_NEWUSER;
    if (rest && unshare((int)rest) < 0)
        fail(errno, "create namespaces (flags %#llx): %s", (unsigned long long)rest, hull_errno_text(errno));
    if (b.time_offsets_len)
        write_proc_file("/proc/self/timens_offsets", b.time_offsets, b.time_offsets_len);

    /* A new or joined pid (and time) namespace applies to children only. */
    pid_t child;
    if (!b.into_cgroup)
        child = fork();
    else if ((child = fork_into_cgroup(cgroup)) < 0 && (errno == ENOSYS || errno == EINVAL))
        child = fork_then_join_cgroup(cgroup);
    if (child < 0)
        fail(errno, "fork into the container's namespaces: %s", hull_errno_text(errno));
    if (cgroup >= 0)
        close(cgroup);
    if (child == 0) {
        /* What the stage left unjoined: the cgroup namespace, when forked into a cgroup. */
        join_namespaces(&b, 0, 0);
        return;
    }
    int32_t pid = child;
    send_packet(HULL_PACKET_CHILD_PID, &pid, sizeof(pid));
    _exit(0);
}

/* glibc passes constructors the program's arguments. */
__attribute__((constructor))
static void hull_bootstrap(int argc, char **argv)
{
    const char *env = getenv(BOOTSTRAP_FD_ENV);
    if (!env)
        return;
    char *end;
    long fd = strtol(env, &end, 10);
    struct stat st;
    /* Only hull sets this, to a socket above stdio: anything else is refused, not taken for a child's channel. */
    if (*end != '\0' || end == env || fd < 3 || fd > 65535 || fstat((int)fd, &st) < 0 || !S_ISSOCK(st.st_mode)) {
        dprintf(STDERR_FILENO, "hull: %s=%s does not name the sync socket of a container child\n", BOOTSTRAP_FD_ENV, env);
        _exit(1);
    }
    sync_fd = (int)fd;
    /* The child is exec'd as /proc/self/fd/N, which would make its name N in ps; it takes its role instead,
     * "hull:[init]" for a container's init, until it execs the container's process. */
    if (argc > 1) {
        char name[16];
        snprintf(name, sizeof(name), "hull:[%s]", argv[1]);
        prctl(PR_SET_NAME, name, 0, 0, 0);
    }
    /* The child keeps only its stdio, the descriptors it was asked to preserve and the sync socket: whatever
     * else its parent left open (a caller's pipe, say) would otherwise be held until the container's process
     * runs, and keep the other end from seeing end-of-file. */
    if (syscall(SYS_close_range, (unsigned int)sync_fd + 1, ~0U, 0) < 0)
        fail(errno, "close inherited descriptors: %s", hull_errno_text(errno));
    run_bootstrap();
}
