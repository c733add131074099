#!/bin/bash
# Rootless podman under systemd (vmtest --systemd), the way a Fedora workstation runs it: a user with subordinate ids
# and a lingering systemd of its own, podman with the systemd cgroup manager, so the container's unit and limits are
# in the cgroup that user's systemd was delegated. The same scenario with runc, then with hull.
set -u
cd "$(dirname "$0")/../.."
VM_BUNDLES=$PWD/artifacts/vm/bundles
. tests/vm/lib.sh
user=hull-rootless
command -v podman >/dev/null && command -v newuidmap >/dev/null || { echo "not ok - podman and uidmap in the image"; exit 1; }

id "$user" >/dev/null 2>&1 || useradd -m -s /bin/bash "$user"
uid=$(id -u "$user")
grep -q "^$user:" /etc/subuid || echo "$user:200000:65536" >> /etc/subuid
grep -q "^$user:" /etc/subgid || echo "$user:200000:65536" >> /etc/subgid
loginctl enable-linger "$user"
run_dir=/run/user/$uid
for _ in $(seq 1 300); do
    [ -S "$run_dir/systemd/private" ] && [ -S "$run_dir/bus" ] && break
    sleep 0.1
done
check "the user's systemd runs" test -S "$run_dir/systemd/private"
delegated=/sys/fs/cgroup/user.slice/user-$uid.slice/user@$uid.service
check "its cgroup is delegated with memory" grep -qw memory "$delegated/cgroup.controllers"

home=/home/$user
tar -C "$VM_BUNDLES/talker/rootfs" -cf "$home/busybox.tar" .
chown "$user" "$home/busybox.tar"
# as_user COMMAND...: in the user's session environment, from its home (podman's own cgroup: a scope of its systemd).
as_user() {
    (cd "$home" && runuser -u "$user" -- env HOME="$home" XDG_RUNTIME_DIR="$run_dir" \
        DBUS_SESSION_BUS_ADDRESS="unix:path=$run_dir/bus" PATH=/usr/sbin:/usr/bin:/sbin:/bin "$@")
}
# outputs EXPECTED COMMAND...: the command succeeds and prints EXPECTED.
outputs() {
    local expected=$1 got
    shift
    got=$("$@") || return 1
    [ "$got" = "$expected" ] || { echo "expected '$expected', got '$got'"; return 1; }
}
# The user runs the runtime: a copy where it may.
cp "$PWD/hull" /usr/local/bin/hull-rootless-test
for rt in runc hull; do
    runtime=$(command -v runc)
    [ "$rt" = hull ] && runtime=/usr/local/bin/hull-rootless-test
    P() { as_user podman --storage-driver vfs --cgroup-manager systemd --events-backend file --runtime "$runtime" "$@"; }
    echo "# $rt"
    check "$rt: import an image" P import "$home/busybox.tar" localhost/busybox
    check "$rt: run as root of the user's namespace" outputs 0 P run --rm --network none localhost/busybox id -u
    check "$rt: a memory limit in the container's cgroup" outputs 67108864 \
        P run --rm --network none -m 64m localhost/busybox cat /sys/fs/cgroup/memory.max
    check "$rt: detached" P run -d --name rl --network none -m 32m localhost/busybox sh -c 'echo started; sleep 300'
    pid=$(P inspect rl --format '{{.State.Pid}}' 2>/dev/null)
    check "$rt: its unit is the user's systemd's" bash -c "grep -q 'user@$uid.service/user.slice/libpod-[0-9a-f]*\.scope$' /proc/$pid/cgroup"
    scope=$(sed -n 's/^0:://p' "/proc/$pid/cgroup" 2>/dev/null)
    check "$rt: its limit is in the delegated cgroup" equal "/sys/fs/cgroup$scope/memory.max" 33554432
    check "$rt: exec" outputs from-exec P exec rl sh -c 'echo from-exec'
    check "$rt: logs" outputs started P logs rl
    check "$rt: stop" P stop -t 1 rl
    check "$rt: stopped" outputs exited P inspect rl --format '{{.State.Status}}'
    check "$rt: remove" P rm rl
    check "$rt: no unit left" bash -c "! ls -d $delegated/user.slice/libpod-* 2>/dev/null"
    check "$rt: no container left" outputs "" P ps -aq
    P rmi -af >/dev/null 2>&1
done
rm -f /usr/local/bin/hull-rootless-test
loginctl disable-linger "$user"
summary
