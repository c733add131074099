/*
 * The native end of Hull's sync channel (Hull.Runtime.Protocol.SyncChannel): one SOCK_SEQPACKET socket, packets of
 * a type byte and a payload. Shared by the bootstrap stage and the last mile.
 */
#ifndef HULL_CHANNEL_H
#define HULL_CHANNEL_H

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

/* Packet types, shared with Hull.Runtime.Protocol.SyncMessage. */
enum hull_packet_type {
    HULL_PACKET_BOOTSTRAP = 1,
    HULL_PACKET_USERNS_READY = 2,
    HULL_PACKET_MAPS_DONE = 3,
    HULL_PACKET_CHILD_PID = 4,
    HULL_PACKET_NATIVE_ERROR = 5,
    HULL_PACKET_READY = 13,
    HULL_PACKET_ERROR = 14,
    HULL_PACKET_START = 16,
    HULL_PACKET_RUN = 17,
    HULL_PACKET_CREATED = 18,
};

/* The C library's text for an errno, with a lower-case first letter, as Go (and so runc) words it. */
static inline const char *hull_errno_text(int err)
{
    static char text[256];
    const char *s = strerror_r(err, text, sizeof(text));
    if (s != text)
        snprintf(text, sizeof(text), "%s", s);
    if (text[0] >= 'A' && text[0] <= 'Z')
        text[0] = (char)(text[0] - 'A' + 'a');
    return text;
}

/*
 * Sends one packet, type byte and payload gathered without copying. Returns 0, or the errno of the failed send
 * (a peer that went away gives EPIPE rather than a SIGPIPE).
 */
static inline int hull_send_packet(int fd, uint8_t type, const void *payload, size_t len)
{
    struct iovec iov[2] = { { .iov_base = &type, .iov_len = 1 }, { .iov_base = (void *)payload, .iov_len = len } };
    struct msghdr msg = { .msg_iov = iov, .msg_iovlen = len ? 2 : 1 };
    while (sendmsg(fd, &msg, MSG_NOSIGNAL) < 0) {
        if (errno != EINTR)
            return errno;
    }
    return 0;
}

/* Receives one packet into buf; returns its length (0 for a closed peer), or -1 with errno. */
static inline ssize_t hull_receive_packet(int fd, uint8_t *buf, size_t size)
{
    ssize_t n;
    do {
        n = recv(fd, buf, size, 0);
    } while (n < 0 && errno == EINTR);
    return n;
}

#endif
