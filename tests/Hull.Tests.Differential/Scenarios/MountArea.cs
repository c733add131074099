using static Hull.Tests.Differential.Scenarios.Config;
using static Hull.Tests.Differential.Scenarios.ProcessArea;

namespace Hull.Tests.Differential.Scenarios;

/// <summary>root, mounts, masked and read-only paths, rootfs propagation, and device nodes.</summary>
internal static class MountArea
{
    /// <summary>The container's mounts below the rootfs, without mount ids and device numbers.</summary>
    private const string MountTable = "awk '{ print $5, $6 }' /proc/self/mountinfo";

    private const string Nodes = "for f in /dev/* /dev/pts/* /dev/shm /dev/mqueue; do stat -c '%n %F %a %u %g %t:%T' $f; done 2>&1";

    public static IEnumerable<Scenario> All =>
    [
        .. Roots,
        .. Mounts,
        .. Paths,
        .. Devices,
    ];

    private static IEnumerable<Scenario> Roots =>
    [
        Inside("root/readonly", ".", "touch /x 2>&1; grep ' / / ' /proc/self/mountinfo | awk '{print $6}'"),
        Inside("root/writable", Writable, "touch /x && echo wrote"),
        new("root/missing", "$R run $ID", "$R list -q") { Config = ".root.path = \"nonexistent\"" },
        new("root/symlink", "ln -s rootfs link", "$R run $ID") { Config = And(".root.path = \"link\"", Shell("echo ran")) },
        new("root/absolute", "$R run $ID") { Config = And(".root.path = \"/tmp/oci-diff/work/bundle/rootfs\"", Shell("echo ran")) },
        new("root/dot", "mv config.json rootfs/ && cd rootfs && $R run $ID") { Config = And(".root.path = \".\"", Writable, Shell("echo ran")) },
        new("root/file", "$R run $ID") { Config = And(".root.path = \"config.json\"", Shell("echo ran")) },
        new("root/absent", "$R run $ID") { Config = "del(.root)" },
        new("root/proc-symlink", "rmdir rootfs/proc; ln -s /symlink rootfs/proc", "$R run $ID") { Config = Shell("echo ran") },
        new("root/sys-symlink", "rmdir rootfs/sys; ln -s /symlink rootfs/sys", "$R run $ID") { Config = Shell("echo ran") },
        new("root/no-proc-directory", "rmdir rootfs/proc rootfs/sys", "$R run $ID") { Config = Shell("ls -d /proc /sys") },
        new("root/dev-missing", "rmdir rootfs/dev", "$R run $ID") { Config = Shell("ls /dev | sort | tr '\\n' ' '") },
        .. new[] { "shared", "slave", "private", "unbindable", "rshared", "rslave", "rprivate", "runbindable", "bogus" }.Select(p =>
            Inside($"root/propagation-{p}", $".linux.rootfsPropagation = \"{p}\"", "grep ' / / ' /proc/self/mountinfo | cut -d' ' -f7- | cut -d- -f1")),
        Inside("root/mount-table", ".", MountTable),
        Inside("root/no-pivot-mount-table", ".", MountTable) with { Steps = ["$R run --no-pivot $ID"] },
        Inside("root/no-pivot-proc-mount", ".process.capabilities.bounding += [\"CAP_SYS_ADMIN\"] | .process.capabilities.effective += [\"CAP_SYS_ADMIN\"] | .process.capabilities.permitted += [\"CAP_SYS_ADMIN\"]",
            "unshare -mrpf sh -c 'mount -t proc none /proc && echo mounted' 2>&1") with { Steps = ["$R run --no-pivot $ID"] },
        Inside("root/no-pivot-userns-proc", ".", "unshare -Urmpf sh -c 'mount -t proc none /proc && echo mounted' 2>&1") with { Steps = ["$R run --no-pivot $ID"] },
    ];

    private static IEnumerable<Scenario> Mounts =>
    [
        Inside("mounts/bind-directory", Mount("/mnt", "bind", "/tmp/oci-diff/work/tmp", "bind"), "ls /mnt | sort; grep ' /mnt ' /proc/self/mountinfo | awk '{print $6}'"),
        Inside("mounts/bind-readonly", Mount("/mnt", "bind", "/tmp/oci-diff/work/tmp", "bind", "ro"), "touch /mnt/x 2>&1; grep ' /mnt ' /proc/self/mountinfo | awk '{print $6}'"),
        Inside("mounts/bind-file", Mount("/etc/extra", "bind", "/etc/hostname", "bind"), "test -f /etc/extra && echo file"),
        Inside("mounts/bind-file-created-in-rootfs", And(Writable, Mount("/new/dir/file", "bind", "/etc/hostname", "bind")), "test -f /new/dir/file && echo file"),
        Inside("mounts/bind-missing-source", Mount("/mnt/missing", "bind", "/tmp/oci-diff/nonexistent", "bind"), "echo ran"),
        Inside("mounts/bind-missing-source-writable", And(Writable, Mount("/missing", "bind", "/tmp/oci-diff/nonexistent", "bind")), "echo ran"),
        Inside("mounts/bind-relative-source", Mount("/mnt", "bind", "rootfs/etc", "bind"), "ls /mnt | sort | head -n 3"),
        Inside("mounts/relative-destination", Mount("mnt", "tmpfs", "tmpfs"), "grep tmpfs /proc/self/mountinfo | awk '{print $5}'"),
        Inside("mounts/destination-symlink-in-rootfs", And(Writable, Mount("/link/inside", "tmpfs", "tmpfs")), "ls -d /tmp/inside && grep inside /proc/self/mountinfo | awk '{print $5}'")
            with { Steps = ["ln -s /tmp rootfs/link", "$R run $ID"] },
        Inside("mounts/destination-symlink-escape", Mount("/escape/x", "tmpfs", "tmpfs"), "grep ' /' /proc/self/mountinfo | awk '$5 ~ /escape|x$/ {print $5}'")
            with { Steps = ["ln -s ../../../../../../../tmp rootfs/escape", "$R run $ID; ls -d /tmp/x 2>&1 | grep -c ."] },
        Inside("mounts/tmpfs", Mount("/mnt", "tmpfs", "tmpfs", "size=1m", "mode=700"), "stat -c %a /mnt; df -k /mnt | tail -n 1 | awk '{print $2}'"),
        Inside("mounts/tmpfs-readonly", Mount("/mnt", "tmpfs", "tmpfs", "ro"), "touch /mnt/x 2>&1; echo done"),
        Inside("mounts/tmpfs-options", Mount("/mnt", "tmpfs", "tmpfs", "nosuid", "nodev", "noexec", "nr_inodes=100"), "grep ' /mnt ' /proc/self/mountinfo | cut -d' ' -f6-"),
        Inside("mounts/tmpfs-bad-option", Mount("/mnt", "tmpfs", "tmpfs", "size=banana"), "echo ran"),
        Inside("mounts/unknown-type", Mount("/mnt", "nonsensefs", "none"), "echo ran"),
        Inside("mounts/proc-twice", Mount("/mnt", "proc", "proc"), "ls /mnt/self/ >/dev/null && echo proc"),
        Inside("mounts/mqueue", ".", "grep mqueue /proc/self/mountinfo | cut -d' ' -f5,6"),
        Inside("mounts/devpts-options", ".", "grep devpts /proc/self/mountinfo | cut -d' ' -f5- | sed 's/.* - //'"),
        Inside("mounts/readonly-dev", ".mounts |= map(if .destination == \"/dev\" then .options += [\"ro\"] else . end)", "touch /dev/x 2>&1; ls /dev | sort | tr '\\n' ' '"),
        Inside("mounts/readonly-sys-fs-cgroup", ".", "grep ' /sys/fs/cgroup ' /proc/self/mountinfo | awk '{print $6}'"),
        Inside("mounts/cgroup-writable", ".mounts |= map(if .type == \"cgroup\" then .options -= [\"ro\"] else . end)", "grep -c ' /sys/fs/cgroup/' /proc/self/mountinfo | sed 's/^[1-9][0-9]*$/some/'"),
        Inside("mounts/cgroup-hierarchies", ".", "ls /sys/fs/cgroup | sort | tr '\\n' ' '"),
        // As podman writes it: a propagation option on the cgroup mount.
        Inside("mounts/cgroup-propagation", ".mounts |= map(if .type == \"cgroup\" then .options = [\"rprivate\", \"nosuid\", \"noexec\", \"nodev\", \"relatime\", \"ro\"] else . end)", "ls /sys/fs/cgroup | sort | tr '\\n' ' '"),
        Inside("mounts/cgroup-own-path", ".", "cat /sys/fs/cgroup/pids/cgroup.procs | wc -l"),
        Inside("mounts/rbind", Mount("/mnt", "bind", "/tmp/oci-diff/work", "rbind"), "ls /mnt/bundle/rootfs >/dev/null && echo rbind"),
        Inside("mounts/rbind-readonly-recursive", Mount("/mnt", "bind", "/tmp/oci-diff/work", "rbind", "rro"), "touch /mnt/tmp/x 2>&1 | grep -c Read-only"),
        Inside("mounts/bind-propagation", Mount("/mnt", "bind", "/tmp/oci-diff/work/tmp", "bind", "rslave"), "grep ' /mnt ' /proc/self/mountinfo | cut -d' ' -f7 | cut -d: -f1"),
        Inside("mounts/unknown-option", Mount("/mnt", "tmpfs", "tmpfs", "bogus-option"), "grep ' /mnt ' /proc/self/mountinfo | awk '{print $NF}'"),
        Inside("mounts/over-proc", Mount("/proc/cpuinfo", "bind", "/etc/hostname", "bind"), "cat /proc/cpuinfo | wc -l"),
        Inside("mounts/into-proc-symlink", Mount("/proc/self/x", "tmpfs", "tmpfs"), "echo ran"),
        Inside("mounts/nested", And(Mount("/mnt", "tmpfs", "tmpfs"), Mount("/mnt/a/b", "tmpfs", "tmpfs")), "grep ' /mnt' /proc/self/mountinfo | awk '{print $5}'"),
        Inside("mounts/idmap-option-without-userns", Mount("/mnt", "bind", "/tmp/oci-diff/work/tmp", "bind", "idmap"), "echo ran"),
        Inside("mounts/no-type", ".mounts += [{\"destination\": \"/mnt\", \"source\": \"/tmp/oci-diff/work/tmp\", \"options\": [\"rbind\"]}]", "grep -c ' /mnt ' /proc/self/mountinfo"),
        Inside("mounts/shm-size", ".mounts |= map(if .destination == \"/dev/shm\" then .options += [\"size=1m\"] else . end)", "df -k /dev/shm | tail -n 1 | awk '{print $2}'"),
    ];

    private static IEnumerable<Scenario> Paths =>
    [
        Inside("paths/masked-default", ".", "for p in /proc/kcore /proc/keys /proc/timer_list /sys/firmware /proc/scsi; do stat -c '%n %F %s' $p; done 2>&1"),
        Inside("paths/masked-file", ".linux.maskedPaths = [\"/etc/hostname\"]", "cat /etc/hostname | wc -c; stat -c %F /etc/hostname"),
        Inside("paths/masked-directory", ".linux.maskedPaths = [\"/etc\"]", "ls /etc | wc -l; grep ' /etc ' /proc/self/mountinfo | awk '{print $6}'"),
        Inside("paths/masked-missing", ".linux.maskedPaths = [\"/nonexistent\"]", "echo ran"),
        Inside("paths/masked-relative", ".linux.maskedPaths = [\"etc\"]", "echo ran"),
        Inside("paths/readonly-default", ".", "for p in /proc/bus /proc/fs /proc/irq /proc/sys /proc/sysrq-trigger; do grep \" $p \" /proc/self/mountinfo | awk '{print $5, $6}'; done"),
        Inside("paths/readonly-directory", And(Writable, ".linux.readonlyPaths = [\"/tmp\"]"), "touch /tmp/x 2>&1; grep ' /tmp ' /proc/self/mountinfo | awk '{print $6}'"),
        Inside("paths/readonly-missing", ".linux.readonlyPaths = [\"/nonexistent\"]", "echo ran"),
        Inside("paths/sysctl-write-blocked", ".", "echo 1 > /proc/sys/kernel/ns_last_pid 2>&1; echo done"),
        Inside("paths/sysrq-trigger", ".", "echo h > /proc/sysrq-trigger 2>&1; echo done"),
    ];

    private static IEnumerable<Scenario> Devices =>
    [
        Inside("devices/default-nodes", ".", Nodes),
        Inside("devices/default-cgroup", Sleeping, "") with { Steps = ["$R run -d $ID", "cg devices.list"] },
        Inside("devices/extra-node", ".linux.devices = [{\"path\": \"/dev/kmsg\", \"type\": \"c\", \"major\": 1, \"minor\": 11, \"fileMode\": 432, \"uid\": 0, \"gid\": 0}]",
            "stat -c '%n %F %a %t:%T' /dev/kmsg"),
        Inside("devices/extra-node-cgroup", And(Sleeping, ".linux.devices = [{\"path\": \"/dev/kmsg\", \"type\": \"c\", \"major\": 1, \"minor\": 11}]"), "")
            with { Steps = ["$R run -d $ID", "cg devices.list"] },
        Inside("devices/extra-node-denied", ".linux.devices = [{\"path\": \"/dev/kmsg\", \"type\": \"c\", \"major\": 1, \"minor\": 11}] | .linux.resources.devices = [{\"allow\": false, \"access\": \"rwm\"}]",
            "echo hi > /dev/kmsg 2>&1; echo done"),
        Inside("devices/read-only-rule", And(Sleeping, ".linux.devices = [{\"path\": \"/dev/myloop\", \"type\": \"c\", \"major\": 10, \"minor\": 237}] | .linux.resources.devices += [{\"allow\": true, \"type\": \"c\", \"major\": 10, \"minor\": 237, \"access\": \"r\"}]"), "")
            with { Steps = ["$R run -d $ID", "cg devices.list"] },
        Inside("devices/deny-all", ".linux.resources.devices = [{\"allow\": false, \"access\": \"rwm\"}]", "echo x > /dev/null 2>&1; echo done; head -c 1 /dev/zero | wc -c"),
        Inside("devices/allow-all", ".linux.resources.devices = [{\"allow\": true, \"access\": \"rwm\"}]", "echo ran"),
        Inside("devices/bad-access", ".linux.resources.devices = [{\"allow\": true, \"access\": \"rwx\"}]", "echo ran"),
        Inside("devices/access-with-a", ".linux.resources.devices = [{\"allow\": false, \"access\": \"rwm\"}, {\"allow\": true, \"type\": \"a\", \"access\": \"rwm\"}]", "echo ran"),
        Inside("devices/block-node", ".linux.devices = [{\"path\": \"/dev/fakeblk\", \"type\": \"b\", \"major\": 7, \"minor\": 200}]", "stat -c '%n %F %t:%T' /dev/fakeblk"),
        Inside("devices/fifo-node", ".linux.devices = [{\"path\": \"/dev/myfifo\", \"type\": \"p\"}]", "stat -c '%n %F' /dev/myfifo"),
        Inside("devices/owner", ".linux.devices = [{\"path\": \"/dev/owned\", \"type\": \"c\", \"major\": 1, \"minor\": 3, \"uid\": 1000, \"gid\": 1000, \"fileMode\": 384}]", "stat -c '%n %a %u %g' /dev/owned"),
        Inside("devices/null-elsewhere", ".linux.devices = [{\"path\": \"/dev/mynull\", \"type\": \"c\", \"major\": 1, \"minor\": 3, \"uid\": 1000, \"gid\": 1000}]", "stat -c '%n %u %g' /dev/mynull /dev/null"),
        Inside("devices/outside-dev", ".linux.devices = [{\"path\": \"/tmp/zero\", \"type\": \"c\", \"major\": 1, \"minor\": 5}]", "stat -c '%n %F' /tmp/zero"),
        Inside("devices/bad-type", ".linux.devices = [{\"path\": \"/dev/x\", \"type\": \"z\", \"major\": 1, \"minor\": 5}]", "echo ran"),
        Inside("devices/redundant-default", ".linux.devices = [{\"path\": \"/dev/tty\", \"type\": \"c\", \"major\": 5, \"minor\": 0}, {\"path\": \"/dev/ptmx\", \"type\": \"c\", \"major\": 5, \"minor\": 2}]", "ls -l /dev/ptmx | cut -c1"),
        Inside("devices/ptmx", ".", "ls -l /dev/ptmx | awk '{print $1, $NF}'; readlink /dev/ptmx"),
        Inside("devices/links", ".", "for l in fd stdin stdout stderr core; do echo $l $(readlink /dev/$l); done"),
        Inside("devices/tty-without-terminal", ".", "echo x > /dev/tty 2>&1 | sed 's/.*: //'; echo done"),
    ];
}
