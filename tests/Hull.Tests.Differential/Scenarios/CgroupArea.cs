using static Hull.Tests.Differential.Scenarios.Config;

namespace Hull.Tests.Differential.Scenarios;

/// <summary>linux.resources and linux.cgroupsPath: what the container's cgroup holds, and what is refused.</summary>
internal static class CgroupArea
{
    /// <summary>A sleeping container with <paramref name="config"/>, and the cgroup files to read back.</summary>
    private static Scenario Files(string name, string config, params string[] files) =>
        new(name, ["$R run -d $ID", .. files.Select(f => $"cg {f}")]) { Config = And(Sleeping, config) };

    public static IEnumerable<Scenario> All =>
    [
        Files("cgroups/memory-limit", Resources("memory", new { limit = 67108864 }), "memory.limit_in_bytes"),
        Files("cgroups/memory-reservation", Resources("memory", new { reservation = 33554432 }), "memory.soft_limit_in_bytes"),
        Files("cgroups/memory-swap", Resources("memory", new { limit = 67108864, swap = 134217728 }), "memory.limit_in_bytes", "memory.memsw.limit_in_bytes"),
        Files("cgroups/memory-swap-unlimited", Resources("memory", new { limit = 67108864, swap = -1 }), "memory.memsw.limit_in_bytes"),
        Files("cgroups/memory-swap-below-limit", Resources("memory", new { limit = 67108864, swap = 33554432 }), "memory.limit_in_bytes"),
        Files("cgroups/memory-swappiness", Resources("memory", new { swappiness = 10 }), "memory.swappiness"),
        Files("cgroups/memory-swappiness-too-high", Resources("memory", new { swappiness = 101 }), "memory.swappiness"),
        Files("cgroups/memory-disable-oom-killer", Resources("memory", new { disableOOMKiller = true }), "memory.oom_control"),
        Files("cgroups/memory-kernel", Resources("memory", new { kernel = 67108864 }), "memory.limit_in_bytes"),
        Files("cgroups/memory-kernel-tcp", Resources("memory", new { kernelTCP = 67108864 }), "memory.kmem.tcp.limit_in_bytes"),
        Files("cgroups/memory-limit-too-small", Resources("memory", new { limit = 4096 }), "memory.limit_in_bytes"),
        Files("cgroups/memory-use-hierarchy", Resources("memory", new { useHierarchy = true }), "memory.use_hierarchy"),
        Files("cgroups/cpu-shares", Resources("cpu", new { shares = 512 }), "cpu.shares"),
        Files("cgroups/cpu-quota-period", Resources("cpu", new { quota = 50000, period = 200000 }), "cpu.cfs_quota_us", "cpu.cfs_period_us"),
        Files("cgroups/cpu-quota-only", Resources("cpu", new { quota = 50000 }), "cpu.cfs_quota_us", "cpu.cfs_period_us"),
        Files("cgroups/cpu-period-only", Resources("cpu", new { period = 50000 }), "cpu.cfs_quota_us", "cpu.cfs_period_us"),
        Files("cgroups/cpu-quota-unlimited", Resources("cpu", new { quota = -1 }), "cpu.cfs_quota_us"),
        Files("cgroups/cpu-burst", Resources("cpu", new { quota = 50000, burst = 10000 }), "cpu.cfs_burst_us"),
        Files("cgroups/cpu-realtime", Resources("cpu", new { realtimePeriod = 1000000, realtimeRuntime = 0 }), "cpu.rt_period_us", "cpu.rt_runtime_us"),
        Files("cgroups/cpu-idle", Resources("cpu", new { idle = 1 }), "cpu.shares"),
        Files("cgroups/cpuset", Resources("cpu", new { cpus = "0", mems = "0" }), "cpuset.cpus", "cpuset.mems"),
        Files("cgroups/cpuset-bad", Resources("cpu", new { cpus = "0-99" }), "cpuset.cpus"),
        Files("cgroups/cpuset-inherited", ".", "cpuset.cpus", "cpuset.mems"),
        Files("cgroups/pids", Resources("pids", new { limit = 10 }), "pids.max"),
        Files("cgroups/pids-unlimited", Resources("pids", new { limit = -1 }), "pids.max"),
        Files("cgroups/pids-zero", Resources("pids", new { limit = 0 }), "pids.max"),
        Files("cgroups/blkio-weight", Resources("blockIO", new { weight = 500 }), "blkio.weight"),
        Files("cgroups/blkio-throttle", Resources("blockIO", new { throttleReadBpsDevice = new[] { new { major = 7, minor = 0, rate = 1048576 } } }), "blkio.throttle.read_bps_device"),
        Files("cgroups/hugepages", ".linux.resources.hugepageLimits = [{\"pageSize\": \"2MB\", \"limit\": 4194304}]", "hugetlb.2MB.limit_in_bytes"),
        Files("cgroups/hugepages-bad-size", ".linux.resources.hugepageLimits = [{\"pageSize\": \"3MB\", \"limit\": 4194304}]", "pids.max"),
        Files("cgroups/network", Resources("network", new { classID = 1048577 }), "pids.max"),
        Files("cgroups/rdma", ".linux.resources.rdma = {\"mlx5_1\": {\"hcaHandles\": 3}}", "pids.max"),
        Files("cgroups/unified-on-v1", ".linux.resources.unified = {\"memory.min\": \"131072\"}", "pids.max"),
        Files("cgroups/unified-pids", ".linux.resources.unified = {\"pids.max\": \"9\"}", "pids.max"),
        Files("cgroups/freezer-state", ".", "freezer.state"),
        Files("cgroups/devices-list", ".", "devices.list"),
        Files("cgroups/empty-resources", ".linux.resources = {}", "devices.list"),
        new("cgroups/path-absolute", "$R run -d $ID", "cgdir pids", "$R delete -f $ID", "ls -d /sys/fs/cgroup/pids/oci-diff-$ID 2>&1 | sed 's/.*: //'")
        { Config = And(Sleeping, ".linux.cgroupsPath = (\"/oci-diff-\" + $id)") },
        // Both runtimes leave the parents of a container's cgroup; the last step takes this one away again.
        new("cgroups/path-relative", "$R run -d $ID", "cgdir pids | sed 's|.*/\\(oci-diff-rel\\)|\\1|'",
            "$R delete -f $ID; for d in /sys/fs/cgroup/*/oci-diff-rel; do rmdir \"$d\" 2>/dev/null; done; true")
        { Config = And(Sleeping, ".linux.cgroupsPath = (\"oci-diff-rel/\" + $id)") },
        new("cgroups/path-default", "$R run -d $ID", "cat /proc/self/cgroup | grep ':pids:' | cut -d: -f3 > $T/own; cgdir pids | sed \"s|^/sys/fs/cgroup/pids$(cat $T/own)|OWN|; s|OWN/*|OWN/|\"")
        { Config = Sleeping },
        new("cgroups/path-in-container", "$R run $ID")
        { Config = Shell("grep -E ':(pids|memory|devices):' /proc/self/cgroup") },
        new("cgroups/path-nested-existing", "mkdir -p /sys/fs/cgroup/pids/oci-diff-$ID/a", "$R run -d $ID", "cgdir pids", "$R delete -f $ID",
            "ls /sys/fs/cgroup/pids/oci-diff-$ID", "rmdir /sys/fs/cgroup/*/oci-diff-$ID/a /sys/fs/cgroup/*/oci-diff-$ID 2>/dev/null; true")
        { Config = And(Sleeping, ".linux.cgroupsPath = (\"/oci-diff-\" + $id + \"/a\")") },
        new("cgroups/path-not-empty", "$R run -d $ID", "cp config.json $T/c && jq '.linux.cgroupsPath = (\"/oci-diff-\" + $id)' $T/c > config.json",
            "$R run -d $ID2", "$R list -q")
        { Config = And(Sleeping, ".linux.cgroupsPath = (\"/oci-diff-\" + $id)") },
        new("cgroups/path-frozen", "mkdir -p /sys/fs/cgroup/freezer/oci-diff-$ID && echo FROZEN > /sys/fs/cgroup/freezer/oci-diff-$ID/freezer.state",
            "$R run -d $ID", "$R list -q", "echo THAWED > /sys/fs/cgroup/freezer/oci-diff-$ID/freezer.state", "rmdir /sys/fs/cgroup/freezer/oci-diff-$ID")
        { Config = And(Sleeping, ".linux.cgroupsPath = (\"/oci-diff-\" + $id)"), StepTimeout = 10 },
        new("cgroups/path-escape", "$R run -d $ID", "cgdir pids")
        { Config = And(Sleeping, ".linux.cgroupsPath = \"/../../../oci-diff-escape\"") },
        new("cgroups/delete-with-sub-cgroups", "$R run -d $ID", "mkdir $(cgdir pids)/sub $(cgdir memory)/sub", "$R delete --force $ID", "$R list -q")
        { Config = Sleeping },
        new("cgroups/oom", "$R run $ID; echo rc=$?")
        { Config = And(Resources("memory", new { limit = 33554432, swap = 33554432 }), Shell("x=$(head -c 100000000 /dev/zero | tr '\\\\0' a); echo survived")), StepTimeout = 60 },
        new("cgroups/pids-limit-enforced", "$R run $ID 2>&1 | grep -c 'can.t fork' | sed 's/^[1-9][0-9]*$/some/'")
        { Config = And(Resources("pids", new { limit = 3 }), Shell("for i in 1 2 3 4 5; do sleep 1 & done; wait")) },
        new("cgroups/update-then-state", "$R run -d $ID", "$R update --memory 32m $ID", "cg memory.limit_in_bytes", "$R update --memory-reservation 16m $ID", "cg memory.soft_limit_in_bytes", "cg memory.limit_in_bytes")
        { Config = Sleeping },
        new("cgroups/update-cpu", "$R run -d $ID", "$R update --cpu-period 900000 $ID", "cg cpu.cfs_period_us", "$R update --cpu-quota 600000 $ID", "cg cpu.cfs_quota_us", "$R update --cpu-share 200 $ID", "cg cpu.shares")
        { Config = And(Sleeping, Resources("cpu", new { shares = 100, quota = 500000, period = 1000000 })) },
        new("cgroups/update-memory-unlimited", "$R run -d $ID", "$R update --memory -1 $ID", "cg memory.limit_in_bytes")
        { Config = And(Sleeping, Resources("memory", new { limit = 67108864 })) },
        new("cgroups/update-devices", "$R run -d $ID", "echo '{\"devices\": [{\"allow\": false, \"access\": \"rwm\"}]}' | $R update -r - $ID", "cg devices.list")
        { Config = Sleeping },
        new("cgroups/update-stopped", "$R run -d $ID", "waitfor stopped", "$R update --memory 32m $ID") { Config = Args("true") },
        // The kernel keeps a removed group's realtime budget for a while: each side takes less than half the host's.
        new("cgroups/update-rt", "$R run -d $ID", "echo '{\"cpu\": {\"realtimeRuntime\": 300000}}' | $R update -r - $ID", "cg cpu.rt_runtime_us", "cg cpu.rt_period_us")
        { Config = Sleeping },
        new("cgroups/pause-freezer", "$R run -d $ID", "$R pause $ID", "cg freezer.state", "$R resume $ID", "cg freezer.state") { Config = Sleeping },
    ];
}
