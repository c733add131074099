#!/usr/bin/env bash
# make-bundle.sh HULL DIR [ARGS...]: an OCI bundle in DIR with a busybox rootfs (Debian's
# busybox-static) and hull's default config, running ARGS without a terminal.
set -euo pipefail
hull=$(realpath "$1")
dir=$2
shift 2
mkdir -p "$dir/rootfs"/{bin,dev,proc,sys,tmp,etc,root}
cp /bin/busybox "$dir/rootfs/bin/busybox"
for applet in $(/bin/busybox --list); do
    [ -e "$dir/rootfs/bin/$applet" ] || ln -s busybox "$dir/rootfs/bin/$applet"
done
echo 'root:x:0:0:root:/root:/bin/sh' > "$dir/rootfs/etc/passwd"
echo 'root:x:0:' > "$dir/rootfs/etc/group"
rm -f "$dir/config.json"
"$hull" spec --bundle "$dir"
args='"sh"'
if [ "$#" -gt 0 ]; then
    args=$(printf '"%s",' "$@" | sed 's/,$//')
fi
sed -i -e 's/"terminal": true/"terminal": false/' \
       -e "/\"args\": \[/,/\]/c\\		\"args\": [$args]," "$dir/config.json"
