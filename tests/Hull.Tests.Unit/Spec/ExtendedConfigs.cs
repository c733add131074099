namespace Hull.Tests.Unit.Spec;

/// <summary>Configs that exercise unknown fields and every typed field.</summary>
internal static class ExtendedConfigs
{
    /// <summary>Unknown fields at several levels, other platforms' sections and annotations.</summary>
    public const string UnknownFields = """
        {
            "ociVersion": "1.2.1",
            "x-top": {"nested": [1, 2.5, -3e10, true, null, "s"], "deep": {"a": {"b": {}}}},
            "process": {
                "terminal": false,
                "user": {"uid": 1000, "gid": 1000, "x-user": "kept", "additionalGids": [4, 27]},
                "args": ["/bin/sh", "-c", "echo <hi> & 'bye' + ü"],
                "cwd": "/home",
                "x-process": [{"k": "v"}],
                "capabilities": {"bounding": ["CAP_CHOWN"], "x-caps": 7}
            },
            "root": {"path": "/var/lib/rootfs", "x-root": false},
            "mounts": [
                {"destination": "/data", "type": "bind", "source": "/srv/data", "options": ["rbind", "ro"], "x-mount": {"z": 1}}
            ],
            "annotations": {"org.example.key": "value", "io.kubernetes.cri.sandbox-id": "abc123", "empty": ""},
            "linux": {
                "namespaces": [{"type": "pid", "x-ns": "n"}, {"type": "mount"}],
                "resources": {"memory": {"limit": 1048576, "x-mem": 12345678901234567890}, "x-res": []},
                "x-linux": {"future": {"feature": true}}
            },
            "windows": {"layerFolders": ["C:\\layers"], "hyperv": {}},
            "vm": {"kernel": {"path": "/boot/vmlinuz"}},
            "solaris": {"milestone": "svc:/milestone/container:default"}
        }
        """;

    /// <summary>Every field of <c>linux.resources</c>, and most other typed fields.</summary>
    public const string EveryField = """
        {
            "ociVersion": "1.2.0",
            "process": {
                "terminal": true,
                "consoleSize": {"height": 24, "width": 80},
                "user": {"uid": 4294967295, "gid": 0, "umask": 18, "additionalGids": [5]},
                "args": ["sh"],
                "env": ["A=1"],
                "cwd": "/",
                "capabilities": {
                    "bounding": ["CAP_KILL"], "effective": ["CAP_KILL"], "inheritable": [],
                    "permitted": ["CAP_KILL"], "ambient": ["CAP_KILL"]
                },
                "rlimits": [
                    {"type": "RLIMIT_NOFILE", "hard": 18446744073709551615, "soft": 1024},
                    {"type": "RLIMIT_CORE", "hard": 0, "soft": 0}
                ],
                "noNewPrivileges": true,
                "apparmorProfile": "hull-default",
                "oomScoreAdj": -999,
                "scheduler": {"policy": "SCHED_DEADLINE", "flags": ["SCHED_FLAG_RESET_ON_FORK"], "runtime": 10000000, "deadline": 20000000, "period": 30000000},
                "selinuxLabel": "system_u:system_r:container_t:s0",
                "ioPriority": {"class": "IOPRIO_CLASS_BE", "priority": 4},
                "execCPUAffinity": {"initial": "0-3", "final": "2"}
            },
            "root": {"path": "rootfs", "readonly": false},
            "hostname": "box",
            "domainname": "example.org",
            "mounts": [
                {
                    "destination": "/mnt", "type": "bind", "source": "/srv", "options": ["bind", "idmap"],
                    "uidMappings": [{"containerID": 0, "hostID": 100000, "size": 65536}],
                    "gidMappings": [{"containerID": 0, "hostID": 100000, "size": 65536}]
                }
            ],
            "hooks": {
                "prestart": [{"path": "/usr/bin/prestart"}],
                "createRuntime": [{"path": "/usr/bin/hook", "args": ["hook", "create"], "env": ["X=1"], "timeout": 5}],
                "createContainer": [{"path": "/usr/bin/hook"}],
                "startContainer": [{"path": "/usr/bin/hook"}],
                "poststart": [{"path": "/usr/bin/hook"}],
                "poststop": [{"path": "/usr/bin/hook"}]
            },
            "linux": {
                "uidMappings": [{"containerID": 0, "hostID": 1000, "size": 1}],
                "gidMappings": [{"containerID": 0, "hostID": 1000, "size": 1}],
                "sysctl": {"net.ipv4.ip_forward": "1", "kernel.shmmax": "68719476736"},
                "resources": {
                    "devices": [
                        {"allow": false, "access": "rwm"},
                        {"allow": true, "type": "c", "major": 1, "minor": 3, "access": "rwm"},
                        {"allow": true, "type": "b", "major": 8, "access": "r"}
                    ],
                    "memory": {
                        "limit": -1, "reservation": 536870912, "swap": 9223372036854775807, "kernel": -1,
                        "kernelTCP": 1048576, "swappiness": 60, "disableOOMKiller": false,
                        "useHierarchy": true, "checkBeforeUpdate": true
                    },
                    "cpu": {
                        "shares": 1024, "quota": -1, "burst": 1000, "period": 100000,
                        "realtimeRuntime": 950000, "realtimePeriod": 1000000,
                        "cpus": "0-3,7", "mems": "0", "idle": 1
                    },
                    "pids": {"limit": -1},
                    "blockIO": {
                        "weight": 500, "leafWeight": 300,
                        "weightDevice": [{"major": 8, "minor": 0, "weight": 600, "leafWeight": 200}],
                        "throttleReadBpsDevice": [{"major": 8, "minor": 0, "rate": 104857600}],
                        "throttleWriteBpsDevice": [{"major": 8, "minor": 16, "rate": 52428800}],
                        "throttleReadIOPSDevice": [{"major": 8, "minor": 0, "rate": 1000}],
                        "throttleWriteIOPSDevice": [{"major": 8, "minor": 0, "rate": 500}]
                    },
                    "hugepageLimits": [{"pageSize": "2MB", "limit": 209715200}, {"pageSize": "1GB", "limit": 0}],
                    "network": {"classID": 1048577, "priorities": [{"name": "eth0", "priority": 500}, {"name": "lo", "priority": 1000}]},
                    "rdma": {"mlx5_1": {"hcaHandles": 3, "hcaObjects": 10000}},
                    "unified": {"memory.high": "1073741824", "io.weight": "default 100"}
                },
                "cgroupsPath": "system.slice:hull:abc",
                "namespaces": [
                    {"type": "pid"}, {"type": "network", "path": "/var/run/netns/x"}, {"type": "ipc"},
                    {"type": "uts"}, {"type": "mount"}, {"type": "user"}, {"type": "cgroup"}, {"type": "time"}
                ],
                "devices": [
                    {"path": "/dev/fuse", "type": "c", "major": 10, "minor": 229, "fileMode": 438, "uid": 0, "gid": 0},
                    {"path": "/dev/pipe", "type": "p"}
                ],
                "netDevices": {"eth1": {"name": "net0"}, "eth2": {}},
                "seccomp": {
                    "defaultAction": "SCMP_ACT_ERRNO",
                    "defaultErrnoRet": 1,
                    "architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86"],
                    "flags": ["SECCOMP_FILTER_FLAG_LOG"],
                    "listenerPath": "/run/seccomp.sock",
                    "listenerMetadata": "meta",
                    "syscalls": [
                        {"names": ["read", "write"], "action": "SCMP_ACT_ALLOW"},
                        {"names": ["personality"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 8, "valueTwo": 0, "op": "SCMP_CMP_EQ"}]},
                        {"names": ["mkdir"], "action": "SCMP_ACT_ERRNO", "errnoRet": 38},
                        {"names": ["openat2"], "action": "SCMP_ACT_NOTIFY"}
                    ]
                },
                "rootfsPropagation": "rslave",
                "maskedPaths": ["/proc/kcore"],
                "readonlyPaths": ["/proc/sys"],
                "mountLabel": "system_u:object_r:container_file_t:s0",
                "intelRdt": {"closID": "guaranteed", "schemata": ["L3:0=ff"], "l3CacheSchema": "L3:0=ff", "memBwSchema": "MB:0=50", "enableMonitoring": true},
                "memoryPolicy": {"mode": "MPOL_BIND", "nodes": "0-1", "flags": ["MPOL_F_STATIC_NODES"]},
                "personality": {"domain": "LINUX32", "flags": []},
                "timeOffsets": {"monotonic": {"secs": -86400, "nanosecs": 500}, "boottime": {"secs": 3600}}
            }
        }
        """;
}
