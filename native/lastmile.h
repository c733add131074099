/*
 * The last mile's message (see lastmile.c), as parsed; mirrored by Hull.Runtime.Protocol.LastMileMessage.
 */
#ifndef HULL_LASTMILE_H
#define HULL_LASTMILE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Records: u16 type, u32 length, payload. */
enum last_mile_record {
    LM_SYNC_FD = 1,           /* i32: the sync channel */
    LM_WAIT_RUN = 2,          /* after READY, wait for RUN */
    LM_START = 3,             /* u8: how start comes, see enum start */
    LM_FIFO = 4,              /* i32 /proc/self/fd directory (O_PATH), i32 exec FIFO (O_PATH) */
    LM_NO_NEW_PRIVS = 5,
    LM_SECCOMP_PROGRAM = 6,   /* struct sock_filter[] */
    LM_SECCOMP_FLAGS = 7,     /* u32: flags for seccomp(SECCOMP_SET_MODE_FILTER) */
    LM_SECCOMP_LATE = 8,      /* load the filter after the identity is set (no_new_privs) */
    LM_SECCOMP_AGENT = 9,     /* i32 connected socket, then the state sent with the notify descriptor */
    LM_CAPABILITIES = 10,     /* u64 bounding, effective, permitted, inheritable, ambient; u32 last capability */
    LM_USER = 11,             /* u32 uid, u32 gid, u8 set groups, u32 groups[] */
    LM_CWD = 12,              /* string */
    LM_PRESERVE_FDS = 13,     /* i32 */
    LM_PARENT = 14,           /* i32 parent-death signal, i32 the parent's pid (0: not checked) */
    LM_ARG = 15,              /* string, one per argument */
    LM_ENV = 16,              /* string, one per variable */
    LM_HOOK = 17,             /* i32 timeout in seconds (0: none), string path: starts a startContainer hook */
    LM_HOOK_ARG = 18,         /* string: an argument of the last hook */
    LM_HOOK_ENV = 19,         /* string: a variable of the last hook */
    LM_HOOK_INHERIT_ENV = 20, /* the last hook gets the process's environment */
    LM_HOOK_STATE = 21,       /* string: the state the hooks read on stdin */
    LM_RELEASE = 22,          /* u64 start, u64 length pairs: file pages given back before waiting for start */
};

enum start { START_NONE = 0, START_FIFO = 1, START_CHANNEL = 2 };

enum cap_set { CAP_BOUNDING, CAP_EFFECTIVE, CAP_PERMITTED, CAP_INHERITABLE, CAP_AMBIENT };

#define MAX_HOOKS 64

/* A list of strings: pointers into the message, in a run of the pointer pool (a list's records are consecutive). */
struct strings {
    int count;
    const char **items;
};

struct hook {
    const char *path;
    int32_t timeout;
    int inherit_env;
    struct strings args, env;
};

struct last_mile {
    int sync_fd, wait_run, start, fifo_fd, proc_fd, no_new_privs;
    const uint8_t *program;
    size_t program_len;
    uint32_t seccomp_flags;
    int seccomp_late, agent_fd;
    const uint8_t *agent_state;
    size_t agent_state_len;
    int has_caps;
    uint64_t caps[5];
    uint32_t last_cap;
    int has_user, set_groups;
    uint32_t uid, gid, group_count;
    uint32_t *groups;
    const char *cwd;
    int32_t preserve_fds, death_signal, parent_pid;
    struct strings args, env;
    int hook_count;
    struct hook hooks[MAX_HOOKS];
    const char *hook_state;
    const uint8_t *release;
    size_t release_count;
};

/*
 * Parses the message; 0, or -1 when it is malformed. Strings and the filter stay where they lie in it; the lists of
 * pointers to them and the groups are allocated (the process execs or exits soon, so they are never freed).
 */
int hull_parse_last_mile(const uint8_t *buf, size_t len, struct last_mile *m);

/* Go's exec.LookPath over path, into buf; NULL with runc's words in error when nothing fits. */
const char *hull_look_path(const char *name, const char *path, char *buf, size_t size, char *error, size_t error_size);


/* Carries the message out and execs; returns only never (a failure exits). */
void hull_last_mile(const uint8_t *message, size_t len) __attribute__((noreturn));

#endif
