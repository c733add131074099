/*
 * Runs inside a container and races every process that joins it: for SECONDS seconds it scans /proc for hull's
 * container children ("hull:[...]", not exec'd yet) and tries what a hostile container root would: the access a
 * ptrace attach needs, and opening the child's descriptors. A success counts only while the child had still not
 * exec'd. It prints "seen N" and one line for each success; nothing else.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int is_hull_child(const char *pid)
{
    char path[64], comm[32] = { 0 };
    snprintf(path, sizeof(path), "/proc/%s/comm", pid);
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return 0;
    ssize_t n = read(fd, comm, sizeof(comm) - 1);
    close(fd);
    return n > 6 && strncmp(comm, "hull:[", 6) == 0;
}

int main(int argc, char **argv)
{
    int seconds = argc > 1 ? atoi(argv[1]) : 5;
    time_t end = time(NULL) + seconds;
    long seen = 0;
    pid_t last = 0;
    while (time(NULL) < end) {
        DIR *proc = opendir("/proc");
        struct dirent *entry;
        while (proc && (entry = readdir(proc))) {
            if (entry->d_name[0] < '0' || entry->d_name[0] > '9' || !is_hull_child(entry->d_name))
                continue;
            pid_t pid = atoi(entry->d_name);
            if (pid != last) {
                seen++;
                last = pid;
            }
            /* Opening its memory takes what a ptrace attach takes, without holding the process as a tracer would. */
            char mem[64];
            snprintf(mem, sizeof(mem), "/proc/%d/mem", pid);
            int memory = open(mem, O_RDONLY);
            if (memory >= 0) {
                if (is_hull_child(entry->d_name))
                    printf("attached %d\n", pid);
                close(memory);
            }
            for (int fd = 0; fd < 64; fd++) {
                char path[64];
                snprintf(path, sizeof(path), "/proc/%d/fd/%d", pid, fd);
                int opened = open(path, O_RDONLY | O_NONBLOCK);
                if (opened >= 0) {
                    if (is_hull_child(entry->d_name))
                        printf("opened %s\n", path);
                    close(opened);
                }
            }
        }
        if (proc)
            closedir(proc);
    }
    printf("seen %ld\n", seen);
    return 0;
}
