#!/usr/bin/env bash
# Installs what building and testing Hull needs on a Debian machine, only where it is missing.
set -euo pipefail

missing=()
command -v clang >/dev/null || missing+=(clang)
command -v cc >/dev/null || missing+=(gcc)
[ -x /bin/busybox ] && /bin/busybox --list 2>/dev/null | grep -qx sh || missing+=(busybox-static)
if [ "${#missing[@]}" -gt 0 ]; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "install-prereqs: missing ${missing[*]}; run as root or install them" >&2
        exit 1
    fi
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq "${missing[@]}" >/dev/null
fi
command -v dotnet >/dev/null || { echo "install-prereqs: the .NET SDK (dotnet) is required" >&2; exit 1; }
