#!/bin/bash
# The cgroup v2 and systemd suites, inside the vmtest guest (../shared/vmtest): prepares busybox bundles and
# self-contained builds of the integration and library tests on the host, then runs tests/vm/cgroup-v2.sh,
# tests/vm/checkpoint.sh (CRIU, beside runc) and the .NET suites (tests/vm/suites.sh) with --rootfs (pure cgroup v2),
# tests/vm/systemd.sh, tests/vm/rootless-podman.sh (beside runc) and the .NET suites with --systemd.
# usage: tests/vm/run.sh [rootfs|systemd]...   (default: both)
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
vmtest=${VMTEST:-$repo/../shared/vmtest}
hull=$repo/hull
[ -x "$hull" ] || { echo "vm tests: build ./hull first (make hull)" >&2; exit 2; }
[ -x "$vmtest/run-in-vm.sh" ] || { echo "vm tests: $vmtest/run-in-vm.sh not found" >&2; exit 2; }
modes=("$@")
[ ${#modes[@]} -gt 0 ] || modes=(rootfs systemd)

# For checkpoint.sh: CRIU, with iptables, which it locks the network with, and podman (netavark is the network stack
# it needs installed, catatonit its init); for rootless-podman.sh: newuidmap and the user's D-Bus (podman's systemd
# cgroup manager asks the user's systemd over it). An image built before they were asked for is built again.
packages="criu iptables podman netavark catatonit uidmap dbus-user-session"
export VMTEST_EXTRA_PKGS=${packages// /,}
images=${VMTEST_DIR:-/var/tmp/vmtest}
rebuild=0
for package in $packages; do
    if [ -e "$images/rootfs.ext4" ] && ! grep -qx "Package: $package" "$images/rootfs/var/lib/dpkg/status"; then
        rebuild=1
    fi
done
FORCE=$rebuild "$vmtest/setup.sh" > "$repo/artifacts/vmtest-setup.log" 2>&1 || { cat "$repo/artifacts/vmtest-setup.log" >&2; exit 1; }

bundles=$repo/artifacts/vm/bundles
rm -rf "$bundles"
mkdir -p "$bundles"
# prepare NAME PYTHON-EDIT ARGS...: a bundle whose config.json is edited by a python expression on `c`.
prepare() {
    local name=$1 edit=$2
    shift 2
    "$repo/scripts/make-bundle.sh" "$hull" "$bundles/$name" "$@" >/dev/null
    python3 - "$bundles/$name/config.json" "$edit" <<'PY'
import json, sys
path, edit = sys.argv[1], sys.argv[2]
c = json.load(open(path))
c["root"]["readonly"] = False
r = c["linux"].setdefault("resources", {})
exec(edit)
json.dump(c, open(path, "w"), indent=1)
PY
}
prepare limits 'r.update({"memory": {"limit": 64 << 20, "swap": 128 << 20, "reservation": 32 << 20}, "pids": {"limit": 42},
  "cpu": {"shares": 1024, "quota": 20000, "period": 100000, "cpus": "0"}, "blockIO": {"weight": 500},
  "hugepageLimits": [{"pageSize": "2MB", "limit": 4 << 20}], "unified": {"memory.high": "52428800"}})' sleep 60
prepare devices '[c["process"]["capabilities"][k].append("CAP_MKNOD") for k in ("bounding", "effective", "permitted")]' \
  sh -c 'mknod /tmp/mem c 1 1 && echo made; head -c 1 /tmp/mem >/dev/null 2>&1 || echo mem-denied; echo x >/dev/null && echo null-ok'
prepare oom 'r["memory"] = {"limit": 16 << 20, "swap": 16 << 20}' sh -c 'dd if=/dev/zero of=/dev/null bs=64M count=1; sleep 60'
prepare relative 'c["linux"]["cgroupsPath"] = "vmtest-rel/c1"' sleep 60
prepare tiny 'r["memory"] = {"limit": 1 << 20}' echo tiny-ran
prepare systemd 'c["linux"]["cgroupsPath"] = "system.slice:hull:vm1"; r.update({"memory": {"limit": 64 << 20}, "pids": {"limit": 42}, "cpu": {"shares": 2048, "quota": 20000, "period": 100000}})' sleep 60
prepare systemd-default 'r["pids"] = {"limit": 7}' sleep 60
# checkpoint.sh: a process whose state lives in its memory (i) and an open file (fd 3), under limits; and on a terminal.
counter='i=0; exec 3>>/tmp/log; while :; do i=$((i+1)); echo $i >&3; echo $i > /tmp/count; echo $i; sleep 0.1; done'
prepare counter 'r.update({"memory": {"limit": 64 << 20}, "pids": {"limit": 42}})' sh -c "$counter"
prepare tty 'c["process"]["terminal"] = True' sh -c 'i=0; while :; do i=$((i+1)); echo tick $i; sleep 0.1; done'
prepare talker '' sh -c 'i=0; while :; do i=$((i+1)); echo $i; sleep 0.1; done'
cc -static -O2 -Wall -o "$repo/artifacts/vm/recvtty" "$repo/tests/Hull.Tests.Differential/recvtty.c"

# The guest has no .NET SDK: the suites go in with their runtime.
for project in Integration Driver; do
    out=$repo/artifacts/vm/$(echo "$project" | tr '[:upper:]' '[:lower:]')
    dotnet publish "$repo/tests/Hull.Tests.$project" -c Release -r linux-x64 --self-contained -o "$out" > "$repo/artifacts/vm/publish-$project.log" 2>&1 \
        || { cat "$repo/artifacts/vm/publish-$project.log" >&2; exit 1; }
done

status=0
for mode in "${modes[@]}"; do
    case $mode in
        rootfs) scripts="tests/vm/cgroup-v2.sh tests/vm/checkpoint.sh" ;;
        systemd) scripts="tests/vm/systemd.sh tests/vm/rootless-podman.sh" ;;
        *) echo "vm tests: unknown mode $mode" >&2; exit 2 ;;
    esac
    echo "== vmtest --$mode: $scripts"
    each=$(for script in $scripts; do printf '%s || s=1; ' "$script"; done)
    "$vmtest/run-in-vm.sh" "$repo" "s=0; $each tests/vm/suites.sh $mode || s=1; exit \$s" "--$mode" || status=1
done
exit $status
