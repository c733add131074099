#!/usr/bin/env bash
# bench.sh: Hull, runc and crun side by side in one run on the same busybox bundle.
# Writes bench/results.md (absolute numbers and hull/runc, hull/crun ratios) and bench/results.png.
#
#   HULL=./hull bench/bench.sh          (or `make bench`)
#
# Knobs (environment): BENCH_REPS (latency samples per runtime, 30), BENCH_WARMUP (3),
# BENCH_SEQ (sequential containers, 100), BENCH_SEQ_ROUNDS (3), BENCH_PAR (parallel containers, 10),
# BENCH_PAR_ROUNDS (10), BENCH_OUT (output directory, bench/).
# The density part (bench/scale.py, written to bench/scale.md): BENCH_SCALE (containers, 1000; 0 skips it),
# BENCH_MONITORS (idle monitored containers, 10), BENCH_QUERY_REPS (10), BENCH_IDLE_SECONDS (10).
# The library's backends (bench/backends.py, written to bench/backends.md): BENCH_BACKEND_REPS (20; 0 skips it).
#
# Every runtime runs inside one private mount namespace in which the hybrid host's cgroup2 mount
# (/sys/fs/cgroup/unified) is unmounted, because crun refuses the hybrid layout; all three see the
# same (v1) hierarchies. Each runtime has its own --root under /run/hull-bench-<pid>/; containers,
# cgroups and bundles are removed at the end and on failure.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
py=/usr/bin/python3   # Debian's python, which sees Debian's python3-matplotlib

inside() {
    # Runs in the private mount namespace.
    if mountpoint -q /sys/fs/cgroup/unified; then
        umount /sys/fs/cgroup/unified
    fi
    # crun then treats the (now plain) directory as a cgroup2 mount and writes <id>/cgroup.procs files
    # into it; a scratch tmpfs keeps them out of the host's /sys/fs/cgroup tmpfs (they vanish with us).
    mount -t tmpfs -o mode=0755 hull-bench-scratch /sys/fs/cgroup/unified
    trap '"$py" "$here/bench.py" --cleanup || true' EXIT
    "$py" "$here/bench.py"
    if [ "${BENCH_SCALE:-1000}" != 0 ]; then
        PYTHONPATH=$here "$py" "$here/scale.py"
    fi
    PYTHONPATH=$here "$py" "$here/backends.py"
}

if [ "${1:-}" = "--inside" ]; then
    inside
    exit
fi

[ "$(id -u)" -eq 0 ] || { echo "bench: run as root" >&2; exit 1; }

# Prerequisites: the two other runtimes (and runsc and LXC for the library's backends), busybox for the bundle, matplotlib for the chart, strace/perf optional.
missing=()
command -v runc >/dev/null || missing+=(runc)
command -v crun >/dev/null || missing+=(crun)
command -v conmon >/dev/null || missing+=(conmon)
command -v runsc >/dev/null || missing+=(runsc)
command -v lxc-execute >/dev/null || missing+=(lxc)
[ -x /bin/busybox ] || missing+=(busybox-static)
"$py" -c 'import matplotlib' 2>/dev/null || missing+=(python3-matplotlib)
if [ "${#missing[@]}" -gt 0 ]; then
    echo "bench: installing ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq "${missing[@]}" >/dev/null
fi

HULL=$(realpath "${HULL:-$repo/hull}")
[ -x "$HULL" ] || { echo "bench: $HULL is not executable (make hull)" >&2; exit 1; }
export HULL
export BENCH_OUT=${BENCH_OUT:-$here}
export BENCH_WORK=/run/hull-bench-$$
export BENCH_TAG=hb$$

cleanup() {
    # Normally the inner trap already deleted the containers; this catches what a kill left behind.
    unshare -m --propagation private -- bash -c \
        'if mountpoint -q /sys/fs/cgroup/unified; then umount /sys/fs/cgroup/unified; fi
         mount -t tmpfs hull-bench-scratch /sys/fs/cgroup/unified; exec "$0" "$1" --cleanup' \
        "$py" "$here/bench.py" 2>/dev/null || true
    rm -rf "$BENCH_WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mkdir -p "$BENCH_WORK"
"$repo/scripts/make-bundle.sh" "$HULL" "$BENCH_WORK/bundle" true >/dev/null
# Debian's crun 1.8.1 rejects ociVersion 1.2.0.
sed -i 's/"ociVersion": *"[^"]*"/"ociVersion": "1.0.2-dev"/' "$BENCH_WORK/bundle/config.json"

unshare -m --propagation private -- "$0" --inside
