#!/bin/bash
# In-guest suite for pure cgroup v2 (vmtest --rootfs): the native ./hull against busybox bundles prepared by run.sh.
set -u
cd "$(dirname "$0")/../.."
VM_BUNDLES=$PWD/artifacts/vm/bundles
. tests/vm/lib.sh
hull=$PWD/hull
cg=/sys/fs/cgroup
# Without a cgroupsPath a container's cgroup is named by its id, below the parent of hull's own cgroup, as runc's.
own=$(sed -n 's/^0:://p' /proc/self/cgroup)
parent=$(dirname "$own")
base=$cg${parent%/}

# 1. Every v2 resource file, from one container.
b=$(bundle limits)
check "create with limits" $hull create --bundle "$b" limits
d=$base/limits
check "memory.max" equal $d/memory.max 67108864
check "memory.swap.max is swap alone" equal $d/memory.swap.max 67108864
check "memory.low" equal $d/memory.low 33554432
check "pids.max" equal $d/pids.max 42
check "cpu.weight from shares" equal $d/cpu.weight 100
check "cpu.max" equal $d/cpu.max "20000 100000"
check "cpuset.cpus" equal $d/cpuset.cpus 0
check "hugetlb.2MB.max" equal $d/hugetlb.2MB.max 4194304
check "unified memory.high" equal $d/memory.high 52428800
check "io weight" bash -c "grep -qx 'default 4950' $d/io.weight 2>/dev/null || grep -qx 'default 500' $d/io.bfq.weight"
check "init in the cgroup" bash -c "grep -qx \"\$($hull state limits | sed -n 's/.*\"pid\": *\\([0-9]*\\).*/\\1/p')\" $d/cgroup.procs"
# 2. Freeze through cgroup.freeze: status is paused; delete --force thaws, kills and removes a frozen container.
check "start limits" $hull start limits
echo 1 > $d/cgroup.freeze
check "frozen reports paused" bash -c "$hull state limits | grep -q '\"paused\"'"
check "delete a frozen container" $hull delete --force limits
check "cgroup removed" test ! -e $d

# 3. Device rules through the eBPF filter: mknod is allowed, opening /dev/mem (1:1) is not, /dev/null is.
b=$(bundle devices)
out=$($hull run --bundle "$b" devices 2>&1)
check "device filter denies /dev/mem" contains "$out" "mem-denied"
check "device filter allows /dev/null" contains "$out" "null-ok"
check "device filter allows mknod" contains "$out" "made"
check "no cgroup left (devices)" test ! -e $base/devices

# 4. OOM kill: memory.events counts it while the container lives.
b=$(bundle oom)
check "create oom" $hull run --detach --bundle "$b" oom
for _ in $(seq 1 100); do grep -q '^oom_kill [1-9]' $base/oom/memory.events 2>/dev/null && break; sleep 0.2; done
check "oom_kill counted" grep -q '^oom_kill [1-9]' $base/oom/memory.events
check "delete oom" $hull delete --force oom
check "no cgroup left (oom)" test ! -e $base/oom

# 5. A 1 MiB memory limit: the init starts outside the limit (moved once its start is done), forked straight
#    into the cgroup otherwise (the containers above, without a limit or with 64 MiB).
b=$(bundle tiny)
out=$($hull run --bundle "$b" tiny 2>&1)
check "runs under a 1 MiB memory limit" contains "$out" "tiny-ran"
check "no cgroup left (tiny)" test ! -e $base/tiny

# 6. A relative cgroupsPath hangs below the parent of hull's own cgroup too.
b=$(bundle relative)
check "create relative" $hull create --bundle "$b" relative
check "relative path placed" test -e "$base/vmtest-rel/c1/cgroup.procs"
check "delete relative" $hull delete --force relative
check "relative cgroup removed" test ! -e "$base/vmtest-rel/c1"
rmdir "$base/vmtest-rel" 2>/dev/null
summary
