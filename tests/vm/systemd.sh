#!/bin/bash
# In-guest suite for the systemd cgroup driver (vmtest --systemd: systemd as PID 1, pure cgroup v2).
set -u
cd "$(dirname "$0")/../.."
VM_BUNDLES=$PWD/artifacts/vm/bundles
. tests/vm/lib.sh
hull="$PWD/hull --systemd-cgroup"
cg=/sys/fs/cgroup

# 1. cgroupsPath "system.slice:hull:vm1" → hull-vm1.scope, resources both as unit properties and in the files.
b=$(bundle systemd)
check "create in a scope" $hull create --bundle "$b" vm1
d=$cg/system.slice/hull-vm1.scope
check "scope is active" systemctl is-active --quiet hull-vm1.scope
check "scope is delegated" bash -c "systemctl show -p Delegate hull-vm1.scope | grep -qx Delegate=yes"
check "MemoryMax property" bash -c "systemctl show -p MemoryMax hull-vm1.scope | grep -qx MemoryMax=67108864"
check "TasksMax property" bash -c "systemctl show -p TasksMax hull-vm1.scope | grep -qx TasksMax=42"
check "CPUWeight property" bash -c "systemctl show -p CPUWeight hull-vm1.scope | grep -qx CPUWeight=174"
check "memory.max" equal $d/memory.max 67108864
check "pids.max" equal $d/pids.max 42
check "cpu.weight" equal $d/cpu.weight 174
check "cpu.max" equal $d/cpu.max "20000 100000"
pid=$($hull state vm1 | sed -n 's/.*"pid": *\([0-9]*\).*/\1/p')
check "init in the scope" grep -qx "$pid" $d/cgroup.procs
check "start" $hull start vm1
check "running" bash -c "$hull state vm1 | grep -q '\"running\"'"
echo 1 > $d/cgroup.freeze
check "paused" bash -c "$hull state vm1 | grep -q '\"paused\"'"
check "delete (frozen)" $hull delete --force vm1
check "scope gone" bash -c "! systemctl is-active --quiet hull-vm1.scope"
check "cgroup gone" test ! -e $d

# 2. No cgroupsPath: system.slice:hull:<id>.
b=$(bundle systemd-default)
check "create default" $hull run --detach --bundle "$b" vm2
check "default scope" equal $cg/system.slice/hull-vm2.scope/pids.max 7
check "delete default" $hull delete --force vm2
check "default scope gone" test ! -e $cg/system.slice/hull-vm2.scope
summary
