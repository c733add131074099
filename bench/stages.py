#!/usr/bin/python3
"""stages.py TRACE...: where one `hull run` spends its time, from `strace -f -ttt -T` traces made by profile.sh.

Each trace must hold (at least) execve, clone, clone3, exit_group, open_tree, memfd_create, fcntl, mkdir, unshare,
sendto, sendmsg, recvfrom, recvmsg, mount, pivot_root and wait4 (few syscalls, so that tracing perturbs little). Prints the median of every stage over all traces.
"""
import os
import re
import shutil
import statistics
import sys

LINE = re.compile(r"^(\d+)\s+(\d+\.\d+)\s+(.*)$")


def parse(path):
    events = []  # (pid, time, text, resumed)
    for raw in open(path):
        m = LINE.match(raw.rstrip("\n"))
        if not m:
            continue
        pid, t, text = int(m.group(1)), float(m.group(2)), m.group(3)
        events.append((pid, t, text))
    return events


def first(events, pred, after=0.0):
    for e in events:
        if e[1] >= after and pred(e):
            return e
    raise LookupError


def last(events, pred):
    found = None
    for e in events:
        if pred(e):
            found = e
    if found is None:
        raise LookupError
    return found


def stages(events):
    parent = events[0][0]
    P = lambda f: (lambda e: e[0] == parent and f(e[2]))
    t0 = events[0][1]
    # The child is spawned first, from a read-only clone of hull's mount (open_tree) or, without CAP_SYS_ADMIN, a
    # sealed copy; the parent reads the config and prepares the state and cgroups while it loads.
    spawn = first(events, P(lambda s: s.startswith("clone3(") and "CLONE_VFORK" in s))
    spawn_start = spawn[1]
    if "unfinished" in spawn[2]:
        spawn = first(events, P(lambda s: "clone3 resumed" in s), after=spawn_start)
        spawn_returned = spawn[1]
    else:
        spawn_returned = spawn_start + float(re.search(r"<(\d+\.\d+)>\s*$", spawn[2]).group(1))
    stage0 = first(events, lambda e: e[0] != parent and e[2].startswith('execve("/proc/self/fd/'))[0]
    S = lambda f: (lambda e: e[0] == stage0 and f(e[2]))
    stage_waits = first(events, S(lambda s: s.startswith("recvmsg(")))[1]
    statedir = first(events, P(lambda s: s.startswith("mkdir(")), after=spawn_start)[1]
    boot_sent = first(events, P(lambda s: s.startswith(("sendto(", "sendmsg("))), after=spawn_start)[1]
    unshare = first(events, S(lambda s: s.startswith("unshare(")))
    if "unfinished" in unshare[2]:
        unshare = first(events, S(lambda s: "unshare resumed" in s), after=unshare[1])
    unshare_cost = float(re.search(r"<(\d+\.\d+)>\s*$", unshare[2]).group(1))
    # A plain fork, or clone3 into the unified cgroup of a hybrid host.
    fork = first(events, S(lambda s: s.startswith(("clone(", "clone3("))))
    text = fork[2] if "= " in fork[2] else first(events, S(lambda s: "clone resumed" in s or "clone3 resumed" in s))[2]
    init = int(re.search(r"= (\d+)", text).group(1))
    I = lambda f: (lambda e: e[0] == init and f(e[2]))
    pid_sent = first(events, S(lambda s: s.startswith("sendto(")))[1]
    forked = fork[1]
    cfg_recv = first(events, I(lambda s: s.startswith("recvmsg(")))[1]
    mount1 = first(events, I(lambda s: s.startswith("mount(")))[1]
    pivot = first(events, I(lambda s: s.startswith("pivot_root(")))[1]
    mountN = last(events, I(lambda s: s.startswith("mount(")))[1]
    execve = first(events, I(lambda s: s.startswith("execve(")))[1]
    ready = last(events, lambda e: e[0] == init and e[1] < execve and e[2].startswith("sendto("))[1]
    exited = first(events, I(lambda s: s.startswith("exit_group(")))[1]
    reaped = first(events, P(lambda s: "wait4 resumed" in s or (s.startswith("wait4(") and "unfinished" not in s)), after=exited)[1]
    end = last(events, P(lambda s: s.startswith("exit_group(")))[1]
    ms = lambda a, b: (b - a) * 1000
    return [
        ("parent: exec, C library and .NET runtime start, CLI, until it spawns the child", ms(t0, spawn_start)),
        ("parent: spawn (vfork until the child's execve)", ms(spawn_start, spawn_returned)),
        ("child: execve, C library and C stage start, until it waits for the namespaces", ms(spawn_returned, stage_waits)),
        ("parent, meanwhile: config load + validation, until the state dir", ms(spawn_returned, statedir)),
        ("parent, meanwhile: state dir, cgroup, until it sends the namespaces", ms(statedir, boot_sent)),
        ("stage0: namespaces (unshare) + fork + pid report", ms(max(boot_sent, stage_waits), pid_sent)),
        ("  of which the unshare(5 namespaces) syscall itself", unshare_cost * 1000),
        ("init: .NET runtime start until it waits for its config", ms(forked, cfg_recv)),
        ("init: config asked for until the first mount (wait, JSON, checks)", ms(cfg_recv, mount1)),
        ("init: rootfs mounts until pivot_root", ms(mount1, pivot)),
        ("init: pivot_root, masked and read-only paths, remount of /", ms(pivot, mountN)),
        ("init: last mount until it reports ready (then waits for start)", ms(mountN, ready)),
        ("ready until the init execs /bin/true (parent: limits, state.json, start; init: setuid, caps...)", ms(ready, execve)),
        ("/bin/true (exec to exit)", ms(execve, exited)),
        ("reap: exit until run's wait4 returns", ms(exited, reaped)),
        ("delete (after wait4) until hull exits", ms(reaped, end)),
        ("TOTAL (traced)", ms(t0, end)),
    ]


def main():
    results = []
    for path in sys.argv[1:]:
        try:
            results.append(stages(parse(path)))
        except (LookupError, AttributeError) as e:
            print(f"stages: {path}: cannot find every stage ({e!r})", file=sys.stderr)
            if os.environ.get("STAGES_KEEP"):
                shutil.copy(path, os.environ["STAGES_KEEP"])
    if not results:
        sys.exit(1)
    print(f"| Stage of `hull run` (median of {len(results)} traced runs) | ms |")
    print("| --- | ---: |")
    for i, (label, _) in enumerate(results[0]):
        print(f"| {label} | {statistics.median(r[i][1] for r in results):.2f} |")


if __name__ == "__main__":
    main()
