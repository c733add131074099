/*
 * A program with the bootstrap stage linked in, as the hull executable has it: the stage's constructor runs before
 * main when HULL_BOOTSTRAP_FD is set. main says where the process is, so that the tests see what the stage made.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <sys/prctl.h>
#include <unistd.h>

int main(void)
{
    char name[17] = { 0 };
    prctl(PR_GET_NAME, name, 0, 0, 0);
    printf("main pid=%d name=%s dumpable=%d\n", getpid(), name, prctl(PR_GET_DUMPABLE, 0, 0, 0, 0));
    return 0;
}
