#!/bin/bash
# In-guest run of the .NET suites (published self-contained by run.sh): the integration tests that depend on the
# host's cgroups (trait Host=cgroups) and the whole library suite, against ./hull.
# usage: tests/vm/suites.sh rootfs|systemd   (systemd: every hull command, and the library, use --systemd-cgroup)
set -u
cd "$(dirname "$0")/../.."
export HULL_BINARY=$PWD/hull
[ "${1:-}" = systemd ] && export HULL_TEST_GLOBAL_FLAGS=--systemd-cgroup
log=$(mktemp)
status=0
echo "== integration tests (Host=cgroups)"
artifacts/vm/integration/Hull.Tests.Integration -trait Host=cgroups -noColor 2>&1 | tee -a "$log"
[ "${PIPESTATUS[0]}" = 0 ] || status=1
echo "== library tests"
artifacts/vm/driver/Hull.Tests.Driver -noColor 2>&1 | tee -a "$log"
[ "${PIPESTATUS[0]}" = 0 ] || status=1
# A failure's details come again last: a log cut to its tail still shows what failed and why.
if [ $status != 0 ]; then
    echo "== failures"
    awk '/\[FAIL\]$/ { n = 40 } n > 0 { print; n-- }' "$log"
fi
rm -f "$log"
exit $status
