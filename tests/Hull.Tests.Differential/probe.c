/*
 * probe: what busybox cannot show, for the differential scenarios; linked statically into the test rootfs.
 *
 *   probe syscall NR [ARG...]   calls system call NR and prints "ret=R errno=NAME"
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc >= 3 && strcmp(argv[1], "syscall") == 0) {
        long args[6] = { 0 };
        for (int i = 3; i < argc && i < 9; i++)
            args[i - 3] = strtol(argv[i], NULL, 0);
        errno = 0;
        long ret = syscall(strtol(argv[2], NULL, 0), args[0], args[1], args[2], args[3], args[4], args[5]);
        printf("ret=%ld errno=%s\n", ret, ret < 0 ? strerrorname_np(errno) : "0");
        return 0;
    }
    fprintf(stderr, "usage: probe syscall NR [ARG...]\n");
    return 2;
}
