/*
 * recvtty SOCKET: the other end of a runtime's --console-socket, for the differential scenarios.
 *
 * Listens on the unix socket SOCKET; from each connection it takes the terminal master the runtime sends
 * (SCM_RIGHTS) and copies what the container writes to it to standard output until the terminal closes.
 * Each terminal is served by a child of its own, so a container and its exec sessions can share one receiver.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static int receive_fd(int conn)
{
    char byte;
    union {
        struct cmsghdr header;
        char space[CMSG_SPACE(sizeof(int))];
    } control;
    struct iovec iov = { .iov_base = &byte, .iov_len = 1 };
    struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = &control, .msg_controllen = sizeof(control) };
    /* runc sends the terminal's name as the payload; one byte is enough to take the descriptor along. */
    if (recvmsg(conn, &msg, 0) < 0)
        return -1;
    struct cmsghdr *cmsg = CMSG_FIRSTHDR(&msg);
    if (!cmsg || cmsg->cmsg_type != SCM_RIGHTS)
        return -1;
    int fd;
    memcpy(&fd, CMSG_DATA(cmsg), sizeof(fd));
    return fd;
}

static void copy_to_stdout(int master)
{
    char buf[4096];
    ssize_t n;
    while ((n = read(master, buf, sizeof(buf))) > 0 || (n < 0 && errno == EINTR)) {
        if (n > 0 && write(STDOUT_FILENO, buf, (size_t)n) != n)
            break;
    }
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: recvtty SOCKET\n");
        return 2;
    }
    signal(SIGCHLD, SIG_IGN);
    int listener = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un addr = { .sun_family = AF_UNIX };
    strncpy(addr.sun_path, argv[1], sizeof(addr.sun_path) - 1);
    if (listener < 0 || bind(listener, (struct sockaddr *)&addr, sizeof(addr)) < 0 || listen(listener, 16) < 0) {
        perror("recvtty");
        return 1;
    }
    for (;;) {
        int conn = accept(listener, NULL, NULL);
        if (conn < 0)
            continue;
        int master = receive_fd(conn);
        close(conn);
        if (master < 0)
            continue;
        if (fork() == 0) {
            close(listener);
            copy_to_stdout(master);
            _exit(0);
        }
        close(master);
    }
}
