#!/bin/bash
# In-guest checkpoint/restore suite (vmtest --rootfs; the host's kernel is too new for Debian's CRIU): the same
# scenarios with runc and with ./hull, one after the other, against bundles prepared by run.sh, ending with a table of
# both. runc's results are reported for comparison; hull's decide the exit status.
# usage: tests/vm/checkpoint.sh [RUNTIME...]   (default: runc hull)
set -u
cd "$(dirname "$0")/../.."
VM_BUNDLES=$PWD/artifacts/vm/bundles
. tests/vm/lib.sh
hull=$PWD/hull
recvtty=$PWD/artifacts/vm/recvtty
work=/tmp/checkpoint
declare -A table
scenarios=()

R() {
    if [ "$rt" = runc ]; then runc --root /run/ck-runc "$@"; else "$hull" --root /run/ck-hull "$@"; fi
}
# A container started (or restored) detached with pipes for its stdio, as engines run it: CRIU hands pipes back.
# On failure the runtime's error, which went to those pipes, is shown.
with_pipes() {
    "$@" < <(sleep 600) > >(cat >> "$work/$rt.out") 2>&1 && return 0
    sleep 0.5
    tail -n 3 "$work/$rt.out"
    return 1
}
count() { cat "$b/rootfs/tmp/count" 2>/dev/null || echo 0; }
# wait_for COMMAND...: up to 60 s (the guest is emulated) for COMMAND to succeed.
wait_for() {
    for _ in $(seq 600); do "$@" >/dev/null 2>&1 && return 0; sleep 0.1; done
    echo "timed out waiting for: $*"
    return 1
}
fails() { ! "$@"; }
# Each container counts from 1 in a fresh log.
fresh() { rm -f "$b/rootfs/tmp/count" "$b/rootfs/tmp/log"; }
# No process of a failed restore is left: none is rooted in the bundle or in CRIU's root.
no_process_in() {
    for p in /proc/[0-9]*; do
        case "$(readlink "$p/root" 2>/dev/null)" in *"$1"* | *criu-root*) echo "process ${p#/proc/} left"; return 1 ;; esac
    done
}
counted_past() { [ "$(count)" -gt "$1" ]; }
pid_of() { R state "$1" | sed -n 's/.*"pid": *\([0-9]*\).*/\1/p'; }
status_is() { R state "$1" | grep -q "\"status\": *\"$2\""; }
cgroup_of() { echo "/sys/fs/cgroup$(sed -n 's/^0:://p' "/proc/$1/cgroup")"; }
# gone ID CGROUP: nothing of the container is left: no state, no cgroup, no criu-root bind mount.
gone() {
    ! R state "$1" >/dev/null 2>&1 || { echo "state of $1 still there"; return 1; }
    [ -z "$2" ] || [ ! -e "$2" ] || { echo "cgroup $2 still there"; return 1; }
    ! grep -q criu-root /proc/self/mountinfo || { echo "criu-root still mounted"; return 1; }
}
# The log the process appends to from fd 3 goes on from where the checkpoint left it: line N+1 is N+1.
continues_after() { [ "$(sed -n "$(($1 + 1))p" "$b/rootfs/tmp/log")" = "$(($1 + 1))" ]; }
scenario() {
    current=$1
    [[ " ${scenarios[*]} " == *" $1 "* ]] || scenarios+=("$1")
    before=$failed
}
done_scenario() { [ "$failed" = "$before" ] && table[$current,$rt]=yes || table[$current,$rt]=no; }

runtimes=("$@")
[ ${#runtimes[@]} -gt 0 ] || runtimes=(runc hull)
runc_passed=0 runc_failed=0 hull_passed=0 hull_failed=0
for rt in "${runtimes[@]}"; do
    echo "== $rt"
    rm -rf "$work"
    mkdir -p "$work"
    b=$work/$rt-bundle
    cp -a "$VM_BUNDLES/counter" "$b"

    scenario "checkpoint, then restore: memory, open file, limits"
    check "run" with_pipes R run -d --bundle "$b" c1
    check "counting" wait_for counted_past 3
    old=$(cgroup_of "$(pid_of c1)")
    check "checkpoint" R checkpoint --image-path "$work/img1" c1
    n=$(count)
    check "container gone after checkpoint" gone c1 "$old"
    check "restore" with_pipes R restore -d --image-path "$work/img1" --bundle "$b" c1
    check "running after restore" status_is c1 running
    check "counts on from the checkpoint" wait_for counted_past $((n + 2))
    check "memory and the open file restored" continues_after "$n"
    check "its output reaches restore's stdout" wait_for grep -qx $((n + 2)) "$work/$rt.out"
    pid=$(pid_of c1)
    cg=$(cgroup_of "$pid")
    check "memory limit after restore" equal "$cg/memory.max" 67108864
    check "pids limit after restore" equal "$cg/pids.max" 42
    check "exec in the restored container" R exec c1 cat /tmp/count
    check "kill the restored init" R kill c1 KILL
    check "stopped" wait_for status_is c1 stopped
    check "delete" R delete c1
    check "nothing left" gone c1 "$cg"
    done_scenario

    scenario "--leave-running, restore into a new id"
    fresh
    check "run" with_pipes R run -d --bundle "$b" c2
    check "counting" wait_for counted_past 3
    check "checkpoint --leave-running" R checkpoint --leave-running --image-path "$work/img2" c2
    check "still running" status_is c2 running
    cg=$(cgroup_of "$(pid_of c2)")
    check "delete the original" R delete --force c2
    check "restore as c3" with_pipes R restore -d --image-path "$work/img2" --bundle "$b" c3
    check "c3 running" status_is c3 running
    n=$(count)
    check "c3 counts" wait_for counted_past $((n + 2))
    cg3=$(cgroup_of "$(pid_of c3)")
    check "c3 in its own cgroup" test "$cg3" != "$cg"
    check "delete c3" R delete --force c3
    check "nothing left" gone c3 "$cg3"
    done_scenario

    scenario "--pre-dump, then dump with --parent-path"
    fresh
    check "run" with_pipes R run -d --bundle "$b" c4
    check "counting" wait_for counted_past 3
    check "pre-dump" R checkpoint --pre-dump --image-path "$work/pre" c4
    check "running after pre-dump" status_is c4 running
    check "dump on the pre-dump" R checkpoint --parent-path ../pre --image-path "$work/full" c4
    n=$(count)
    check "restore" with_pipes R restore -d --image-path "$work/full" --bundle "$b" c4
    check "counts on" wait_for counted_past $((n + 2))
    check "delete" R delete --force c4
    done_scenario

    scenario "terminal through --console-socket"
    t=$work/$rt-tty
    cp -a "$VM_BUNDLES/tty" "$t"
    "$recvtty" "$work/tty1.sock" > "$work/tty1.out" &
    r1=$!
    wait_for test -S "$work/tty1.sock"
    check "run with a terminal" R run -d --console-socket "$work/tty1.sock" --bundle "$t" c5
    check "ticking" wait_for grep -q "tick 5" "$work/tty1.out"
    check "checkpoint" R checkpoint --image-path "$work/img5" c5
    last=$(grep -o 'tick [0-9]*' "$work/tty1.out" | tail -1 | cut -d' ' -f2)
    "$recvtty" "$work/tty2.sock" > "$work/tty2.out" &
    r2=$!
    wait_for test -S "$work/tty2.sock"
    check "restore with a new console socket" R restore -d --console-socket "$work/tty2.sock" --image-path "$work/img5" --bundle "$t" c5
    check "ticks on in the new terminal" wait_for grep -q "tick $((last + 2))" "$work/tty2.out"
    check "from where it was" bash -c "! grep -qx $'tick 1\r' '$work/tty2.out'"
    check "delete" R delete --force c5
    kill "$r1" "$r2" 2>/dev/null
    done_scenario

    scenario "bad input: no image, a corrupt image, a created container"
    check "restore without images fails" fails R restore -d --image-path "$work/none" --bundle "$b" c6
    check "nothing left" gone c6 ""
    mkdir -p "$work/bad"
    cp -a "$work/img1/." "$work/bad/"
    for f in "$work"/bad/*.img; do head -c 64 /dev/urandom > "$f"; done
    check "restore from a corrupt image fails" fails with_pipes R restore -d --image-path "$work/bad" --bundle "$b" c7
    check "nothing left" gone c7 ""
    check "no process left" no_process_in "$b/rootfs"
    check "create" R create --bundle "$b" c8
    check "checkpoint of a created container fails" fails R checkpoint --image-path "$work/img8" c8
    check "still created" status_is c8 created
    check "delete" R delete --force c8
    done_scenario

    if command -v podman >/dev/null; then
        scenario "podman container checkpoint, then restore"
        runtime=$hull
        [ "$rt" = runc ] && runtime=$(command -v runc)
        P() {
            podman --root "$work/podman" --runroot "$work/podman-run" --storage-driver vfs --cgroup-manager cgroupfs \
                --events-backend file --runtime "$runtime" "$@"
        }
        plogged() { P logs pk 2>/dev/null | tail -n 1; }
        plogged_past() { [ "$(plogged)" -gt "$1" ] 2>/dev/null; }
        tar -C "$VM_BUNDLES/talker/rootfs" -cf "$work/busybox.tar" .
        check "import an image" P import "$work/busybox.tar" localhost/busybox
        check "run" P run -d --name pk --network none localhost/busybox sh -c 'i=0; while :; do i=$((i+1)); echo $i; sleep 0.1; done'
        check "logging" wait_for plogged_past 3
        check "checkpoint" P container checkpoint pk
        n=$(plogged)
        check "restore" P container restore pk
        check "running" bash -c "podman --root $work/podman --runroot $work/podman-run --storage-driver vfs inspect pk --format '{{.State.Status}}' | grep -qx running"
        check "its log goes on" wait_for plogged_past $((n + 2))
        check "from where it was" bash -c "[ \"\$(podman --root $work/podman --runroot $work/podman-run --storage-driver vfs logs pk | grep -cx 1)\" = 1 ]"
        check "remove" P rm -f pk
        P rmi -af >/dev/null 2>&1
        umount -R "$work/podman" 2>/dev/null
        done_scenario
    fi

    if [ "$rt" = hull ]; then
        scenario "a monitored container (hull's --monitor): its log goes on, its exit is recorded"
        m=$work/hull-talker
        cp -a "$VM_BUNDLES/talker" "$m"
        logged() { R logs m1 2>/dev/null | tail -n 1; }
        logged_past() { [ "$(logged)" -gt "$1" ] 2>/dev/null; }
        check "run with a monitor" R run -d --monitor --bundle "$m" m1
        check "logging" wait_for logged_past 3
        check "checkpoint" R checkpoint --image-path "$work/imgm" m1
        n=$(grep -c . "$work/imgm/container.log")
        check "the log is kept with the images" test "$n" -gt 3
        check "restore with a monitor" R restore -d --monitor --image-path "$work/imgm" --bundle "$m" m1
        check "the log goes on" wait_for logged_past $((n + 2))
        check "from its first line, once" bash -c "[ \"\$($hull --root /run/ck-hull logs m1 | grep -cx 1)\" = 1 ]"
        check "kill" R kill m1 KILL
        check "the exit is recorded" bash -c "$hull --root /run/ck-hull wait m1 | grep -q 137"
        check "delete" R delete m1
        done_scenario
    fi
    eval "${rt}_passed=$passed ${rt}_failed=$failed"
    passed=0
    failed=0
done

echo "== checkpoint/restore, runc 1.1 and hull, CRIU $(criu --version | sed -n 's/^Version: //p')"
printf '| %s | runc | hull |\n| --- | :---: | :---: |\n' "scenario"
for s in "${scenarios[@]}"; do
    printf '| %s | %s | %s |\n' "$s" "${table[$s,runc]:-n/a}" "${table[$s,hull]:-n/a}"
done
echo "runc: $runc_passed passed, $runc_failed failed"
passed=$hull_passed failed=$hull_failed
summary
