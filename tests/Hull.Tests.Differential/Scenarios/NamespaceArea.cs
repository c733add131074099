using static Hull.Tests.Differential.Scenarios.Config;
using static Hull.Tests.Differential.Scenarios.ProcessArea;

namespace Hull.Tests.Differential.Scenarios;

/// <summary>linux.namespaces, user namespaces and id maps, sysctls.</summary>
internal static class NamespaceArea
{
    private static readonly string[] Types = ["pid", "network", "ipc", "uts", "mount"];

    /// <summary>Which of the container's namespaces are the host's own.</summary>
    private const string SharedWithHost =
        "for n in pid net ipc uts mnt cgroup user time; do [ \"$(readlink /proc/self/ns/$n)\" = \"$(cat /tmp/host-$n 2>/dev/null)\" ] && echo \"$n host\"; done; true";

    public static IEnumerable<Scenario> All =>
    [
        .. Types.Select(type => new Scenario($"namespaces/without-{type}",
            "for n in pid net ipc uts mnt cgroup user time; do readlink /proc/self/ns/$n > rootfs/tmp/host-$n; done", "$R run $ID")
            { Config = And(Writable, WithoutNamespace(type), Shell(SharedWithHost)) }),
        new("namespaces/default", "for n in pid net ipc uts mnt cgroup user time; do readlink /proc/self/ns/$n > rootfs/tmp/host-$n; done", "$R run $ID")
        { Config = And(Writable, Shell(SharedWithHost)) },
        Inside("namespaces/cgroup", WithNamespace("cgroup"), "grep -E ':(pids|memory):' /proc/self/cgroup"),
        Inside("namespaces/time", WithNamespace("time"), "readlink /proc/self/ns/time >/dev/null && echo ran"),
        Inside("namespaces/time-offsets", And(WithNamespace("time"), ".linux.timeOffsets = {\"monotonic\": {\"secs\": 86400}}"), "cut -d. -f1 /proc/uptime | awk '{print ($1 > 86000)}'"),
        Inside("namespaces/duplicate", WithNamespace("pid"), "echo ran"),
        Inside("namespaces/unknown-type", WithNamespace("banana"), "echo ran"),
        Inside("namespaces/path-missing", ".linux.namespaces |= map(if .type == \"network\" then .path = \"/proc/nonexistent/ns/net\" else . end)", "echo ran"),
        Inside("namespaces/path-wrong-type", ".linux.namespaces |= map(if .type == \"network\" then .path = \"/proc/self/ns/uts\" else . end)", "echo ran"),
        Inside("namespaces/path-not-namespace", ".linux.namespaces |= map(if .type == \"network\" then .path = \"/etc/hostname\" else . end)", "echo ran"),
        new("namespaces/join-other-container", "$R run -d $ID",
            "cp config.json $T/c && jq --arg p /proc/$(pid)/ns/net '.linux.namespaces |= map(if .type == \"network\" then .path = $p else . end) | .process.args = [\"sh\", \"-c\", \"readlink /proc/self/ns/net\"]' $T/c > config.json",
            "[ \"$($R run $ID2)\" = \"$(readlink /proc/$(pid)/ns/net)\" ] && echo joined")
        { Config = Sleeping },
        new("namespaces/join-pid-of-other-container", "$R run -d $ID",
            "cp config.json $T/c && jq --arg p /proc/$(pid)/ns/pid '.linux.namespaces |= map(if .type == \"pid\" then .path = $p else . end) | .process.args = [\"sh\", \"-c\", \"ps -o comm > /tmp/ps; sort /tmp/ps | tr \\\"\\\\n\\\" \\\" \\\"\"]' $T/c > config.json",
            "$R run $ID2")
        { Config = Sleeping },
        Inside("namespaces/network-interfaces", ".", "ip -o link | awk '{print $2}'"),
        Inside("namespaces/sysctl", ".linux.sysctl = {\"net.ipv4.ip_forward\": \"1\", \"kernel.shm_rmid_forced\": \"1\"}", "cat /proc/sys/net/ipv4/ip_forward /proc/sys/kernel/shm_rmid_forced"),
        Inside("namespaces/sysctl-host-network", And(WithoutNamespace("network"), ".linux.sysctl = {\"net.ipv4.ip_forward\": \"0\"}"), "echo ran"),
        Inside("namespaces/sysctl-host-ipc", And(WithoutNamespace("ipc"), ".linux.sysctl = {\"kernel.shm_rmid_forced\": \"1\"}"), "echo ran"),
        Inside("namespaces/sysctl-not-namespaced", ".linux.sysctl = {\"vm.swappiness\": \"10\"}", "echo ran"),
        Inside("namespaces/sysctl-unknown", ".linux.sysctl = {\"net.ipv4.banana\": \"1\"}", "echo ran"),
        Inside("namespaces/sysctl-hostname", ".linux.sysctl = {\"kernel.hostname\": \"fromsysctl\"}", "hostname"),
        Inside("userns/ids", UserNamespace, "id; cat /proc/self/uid_map /proc/self/gid_map"),
        Inside("userns/capabilities", UserNamespace, "grep -E '^Cap(Eff|Bnd)' /proc/self/status"),
        Inside("userns/rootfs-owner", UserNamespace, "stat -c '%u %g' / /bin/busybox"),
        Inside("userns/dev-owner", UserNamespace, "stat -c '%n %u %g' /dev/null /dev/pts/ptmx /dev/shm"),
        Inside("userns/no-mappings", WithNamespace("user"), "id"),
        Inside("userns/mappings-without-namespace", ".linux.uidMappings = [{\"containerID\": 0, \"hostID\": 100000, \"size\": 65536}] | .linux.gidMappings = [{\"containerID\": 0, \"hostID\": 100000, \"size\": 65536}]", "id"),
        Inside("userns/sysfs", UserNamespace, "ls /sys | head -n 3"),
        Inside("userns/bind-inaccessible-source", And(UserNamespace, Mount("/mnt", "bind", "/tmp/oci-diff/work/tmp/private", "bind")), "ls /mnt")
            with { Steps = ["mkdir -p $T/private/dir && chmod 700 $T/private", "$R run $ID"] },
        Inside("userns/bind-inaccessible-two", And(UserNamespace, Mount("/mnt/a", "bind", "/tmp/oci-diff/work/tmp/p1", "bind"), Mount("/mnt/b", "bind", "/tmp/oci-diff/work/tmp/p2", "bind")), "ls /mnt")
            with { Steps = ["mkdir -p $T/p1 $T/p2 && chmod 700 $T/p1 $T/p2", "$R run $ID"] },
        new("userns/exec", "$R run -d $ID", "$R exec $ID sh -c 'id; cat /proc/self/uid_map'") { Config = And(Sleeping, UserNamespace) },
        new("userns/exec-inaccessible-mount", "mkdir -p $T/private && chmod 700 $T/private", "$R run -d $ID", "$R exec $ID ls /mnt")
        { Config = And(Sleeping, UserNamespace, Mount("/mnt", "bind", "/tmp/oci-diff/work/tmp/private", "bind")) },
        Inside("userns/with-cgroup-namespace", And(UserNamespace, WithNamespace("cgroup")), "grep ':pids:' /proc/self/cgroup"),
        Inside("userns/idmapped-mount", And(UserNamespace, ".mounts += [{\"destination\": \"/mnt\", \"type\": \"bind\", \"source\": \"/tmp/oci-diff/work/tmp\", \"options\": [\"bind\", \"idmap\"], \"uidMappings\": [{\"containerID\": 0, \"hostID\": 0, \"size\": 65536}], \"gidMappings\": [{\"containerID\": 0, \"hostID\": 0, \"size\": 65536}]}]"),
            "stat -c '%u %g' /mnt"),
    ];
}
