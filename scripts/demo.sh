#!/usr/bin/env bash
# demo.sh HULL: runs a busybox container that introduces itself.
set -euo pipefail
hull=$(realpath "$1")
bundle=$(mktemp -d /tmp/hull-demo.XXXXXX)
trap 'rm -rf "$bundle"' EXIT
"$(dirname "$0")/make-bundle.sh" "$hull" "$bundle" /bin/sh /hello.sh
cat > "$bundle/rootfs/hello.sh" <<'SCRIPT'
echo "Hello from a Hull container!"
echo "  hostname: $(hostname)   pid: $$   user: $(id -un)   kernel: $(uname -r)"
echo "  processes it can see: $(ps -o pid= | wc -l)   root filesystem: $(ls / | tr '\n' ' ')"
SCRIPT
"$hull" --version
"$hull" run --bundle "$bundle" "hull-demo-$$"
