#!/usr/bin/env bash
# Installs what building and testing Hull needs on a Debian machine, only where it is missing.
# With "engines", also the container engines the drop-in tests drive (podman with conmon, also rootless; containerd;
# Docker); with "differential", runc (the oracle of the differential suite) and the tools its scenarios use; with
# "backends", the runtimes the library suite drives besides Hull (runc, crun, gVisor's runsc, LXC).
set -euo pipefail

missing=()
lean=()
if [ "${1:-}" = differential ]; then
    [ -x /usr/sbin/runc ] || missing+=(runc)
    command -v jq >/dev/null || missing+=(jq)
    command -v gawk >/dev/null || missing+=(gawk)
    command -v findmnt >/dev/null || missing+=(util-linux)
fi
if [ "${1:-}" = backends ]; then
    [ -x /usr/sbin/runc ] || missing+=(runc)
    [ -x /usr/bin/crun ] || missing+=(crun)
    [ -x /usr/bin/runsc ] || missing+=(runsc)
    # LXC's tools alone: its recommends would add a PAM module and AppArmor to the host.
    [ -x /usr/bin/lxc-execute ] || lean+=(lxc)
fi
if [ "${1:-}" = engines ]; then
    command -v podman >/dev/null || missing+=(podman)
    command -v conmon >/dev/null || missing+=(conmon)
    command -v containerd >/dev/null || missing+=(containerd)
    # Rootless podman: subordinate id maps, and the pause process that keeps its user namespace.
    command -v newuidmap >/dev/null || missing+=(uidmap)
    command -v catatonit >/dev/null || missing+=(catatonit)
    command -v dockerd >/dev/null || missing+=(docker.io)
    [ -x /usr/sbin/runc ] || missing+=(runc)
fi
command -v clang >/dev/null || missing+=(clang)
command -v cc >/dev/null || missing+=(gcc)
# hull is linked statically: it needs glibc's and libseccomp's archives, and binutils' objcopy to strip it.
[ -f "$(cc -print-file-name=libc.a 2>/dev/null)" ] || missing+=(libc6-dev)
[ -f "$(cc -print-file-name=libseccomp.a 2>/dev/null)" ] || missing+=(libseccomp-dev)
command -v objcopy >/dev/null || missing+=(binutils)
[ -x /bin/busybox ] && /bin/busybox --list 2>/dev/null | grep -qx sh || missing+=(busybox-static)
# CRIU for checkpoint and restore (the integration tests drive it; tests/vm puts it in the guest for the real thing).
command -v criu >/dev/null || missing+=(criu)
if [ "${#missing[@]}" -gt 0 ] || [ "${#lean[@]}" -gt 0 ]; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "install-prereqs: missing ${missing[*]} ${lean[*]}; run as root or install them" >&2
        exit 1
    fi
    export DEBIAN_FRONTEND=noninteractive
    # The tests start the daemons they drive themselves (docker.io would start the host's dockerd).
    policy=/usr/sbin/policy-rc.d
    [ -e "$policy" ] || { printf '#!/bin/sh\nexit 101\n' > "$policy" && chmod 755 "$policy" && trap 'rm -f "$policy"' EXIT; }
    apt-get update -qq
    [ "${#missing[@]}" -eq 0 ] || apt-get install -y -qq "${missing[@]}" >/dev/null
    [ "${#lean[@]}" -eq 0 ] || apt-get install -y -qq --no-install-recommends "${lean[@]}" >/dev/null
fi
command -v dotnet >/dev/null || { echo "install-prereqs: the .NET SDK (dotnet) is required" >&2; exit 1; }
