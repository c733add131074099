using Hull.Spec;

namespace Hull.Tests.Integration;

/// <summary>What a process inside the container sees of its namespaces, filesystem and identity.</summary>
public sealed class ContainerViewTests
{
    private static string Inside(TestBundle bundle)
    {
        var result = bundle.Run();
        Assert.True(result.ExitCode == 0, result.ToString());
        HostState.AssertNothingLeft(bundle);
        return result.Stdout;
    }

    [Fact]
    public void EachConfiguredNamespaceIsNew()
    {
        using var bundle = new TestBundle("sh", "-c", "for ns in pid net ipc uts mnt cgroup; do readlink /proc/self/ns/$ns; done");
        bundle.Spec.Linux!.Namespaces!.Add(new LinuxNamespace { Type = "cgroup" });
        string[] inside = Inside(bundle).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        string[] names = ["pid", "net", "ipc", "uts", "mnt", "cgroup"];
        Assert.Equal(names.Length, inside.Length);
        for (int i = 0; i < names.Length; i++)
            Assert.NotEqual(new FileInfo($"/proc/self/ns/{names[i]}").LinkTarget, inside[i]);
    }

    [Fact]
    public void ANamespaceWithAPathIsJoined()
    {
        using var first = new TestBundle("sleep", "60");
        Assert.Equal(0, first.Run("--detach").ExitCode);
        string netns = $"/proc/{first.Pid()}/ns/net";
        using var second = new TestBundle("readlink", "/proc/self/ns/net");
        second.Spec.Linux!.Namespaces!.Single(n => n.Type == "network").Path = netns;
        Assert.Equal(new FileInfo(netns).LinkTarget + "\n", Inside(second));
    }

    [Fact]
    public void TheInitIsPidOneAndSeesOnlyItsOwnProcesses()
    {
        using var bundle = new TestBundle("sh", "-c", "echo $$; echo /proc/[0-9]*");
        Assert.Equal("1\n/proc/1\n", Inside(bundle));
    }

    [Fact]
    public void HostnameAndDomainnameAreSet()
    {
        using var bundle = new TestBundle("sh", "-c", "hostname; cat /proc/sys/kernel/domainname");
        bundle.Spec.Hostname = "box";
        bundle.Spec.Domainname = "example.test";
        Assert.Equal("box\nexample.test\n", Inside(bundle));
    }

    [Fact]
    public void TimeNamespaceOffsetsShiftTheBootClock()
    {
        using var bundle = new TestBundle("cut", "-d.", "-f1", "/proc/uptime");
        bundle.Spec.Linux!.Namespaces!.Add(new LinuxNamespace { Type = "time" });
        bundle.Spec.Linux.TimeOffsets = new() { ["boottime"] = new LinuxTimeOffset { Secs = 86400 * 1000 } };
        Assert.True(long.Parse(Inside(bundle).Trim()) >= 86400L * 1000);
    }

    [Fact]
    public void UserGroupsCwdUmaskAndEnvironmentApply()
    {
        using var bundle = new TestBundle("sh", "-c", "id -u; id -g; id -G; pwd; umask; echo $GREETING");
        bundle.Spec.Process!.User = new User { Uid = 65534, Gid = 65534, AdditionalGids = [5, 7], Umask = 0b000_010_111 };
        bundle.Spec.Process.Cwd = "/tmp";
        bundle.Spec.Process.Env!.Add("GREETING=hi");
        Assert.Equal("65534\n65534\n65534 5 7\n/tmp\n0027\nhi\n", Inside(bundle));
    }

    [Fact]
    public void CapabilitySetsAreExactlyTheConfiguredOnes()
    {
        using var bundle = new TestBundle("grep", "^Cap", "/proc/self/status");
        string output = Inside(bundle);
        // The default spec grants CAP_KILL (5), CAP_NET_BIND_SERVICE (10) and CAP_AUDIT_WRITE (29).
        Assert.Contains("CapBnd:\t0000000020000420", output, StringComparison.Ordinal);
        Assert.Contains("CapEff:\t0000000020000420", output, StringComparison.Ordinal);
        Assert.Contains("CapPrm:\t0000000020000420", output, StringComparison.Ordinal);
        Assert.Contains("CapInh:\t0000000000000000", output, StringComparison.Ordinal);
        Assert.Contains("CapAmb:\t0000000000000000", output, StringComparison.Ordinal);
    }

    [Fact]
    public void AmbientCapabilitiesReachANonRootUser()
    {
        using var bundle = new TestBundle("grep", "^CapAmb", "/proc/self/status");
        bundle.Spec.Process!.User = new User { Uid = 1000, Gid = 1000 };
        var caps = bundle.Spec.Process.Capabilities!;
        caps.Inheritable = ["CAP_NET_BIND_SERVICE"];
        caps.Ambient = ["CAP_NET_BIND_SERVICE"];
        Assert.Equal("CapAmb:\t0000000000000400\n", Inside(bundle));
    }

    [Fact]
    public void RlimitsNoNewPrivilegesAndOomScoreApply()
    {
        using var bundle = new TestBundle("sh", "-c", "ulimit -n; ulimit -Hn; grep NoNewPrivs /proc/self/status; cat /proc/self/oom_score_adj");
        bundle.Spec.Process!.Rlimits = [new PosixRlimit { Type = "RLIMIT_NOFILE", Soft = 512, Hard = 768 }];
        bundle.Spec.Process.NoNewPrivileges = true;
        bundle.Spec.Process.OomScoreAdj = 250;
        Assert.Equal("512\n768\nNoNewPrivs:\t1\n250\n", Inside(bundle));
    }

    [Fact]
    public void DefaultDevicesAndLinksExist()
    {
        using var bundle = new TestBundle("sh", "-c", "ls -l /dev/null /dev/zero /dev/full /dev/random /dev/urandom /dev/tty | cut -c1; for l in fd stdin ptmx; do readlink /dev/$l; done");
        bundle.Spec.Linux!.Devices = [new LinuxDevice { Path = "/dev/mynull", Type = "c", Major = 1, Minor = 3, FileMode = 0b110_110_110 }];
        string output = Inside(bundle);
        Assert.Equal("c\nc\nc\nc\nc\nc\n/proc/self/fd\n/proc/self/fd/0\npts/ptmx\n", output);
    }

    [Fact]
    public void ConfiguredDevicesAreCreatedWithTheirNumbers()
    {
        using var bundle = new TestBundle("sh", "-c", "ls -l /dev/mynull | tr -s ' ' | cut -d' ' -f1,5,6; echo ok > /dev/mynull && echo writable");
        bundle.Spec.Linux!.Devices = [new LinuxDevice { Path = "/dev/mynull", Type = "c", Major = 1, Minor = 3, FileMode = 0b110_110_110 }];
        Assert.Equal("crw-rw-rw- 1, 3\nwritable\n", Inside(bundle));
    }

    [Fact]
    public void MountsOfEveryKindAppearWithTheirOptions()
    {
        using var bundle = new TestBundle("sh", "-c", "grep -E ' /(data|shared|ro-bind) ' /proc/mounts | cut -d' ' -f2-4; cat /shared/hello; touch /ro-bind/x 2>/dev/null || echo ro-refused");
        string host = Path.Combine(bundle.Dir, "host-share");
        Directory.CreateDirectory(host);
        File.WriteAllText(Path.Combine(host, "hello"), "from the host\n");
        bundle.Spec.Mounts!.Add(new Mount { Destination = "/data", Type = "tmpfs", Source = "tmpfs", Options = ["nosuid", "nodev", "size=1m"] });
        bundle.Spec.Mounts.Add(new Mount { Destination = "/shared", Type = "bind", Source = host, Options = ["rbind"] });
        bundle.Spec.Mounts.Add(new Mount { Destination = "/ro-bind", Type = "bind", Source = host, Options = ["bind", "ro"] });
        string[] lines = Inside(bundle).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => l.StartsWith("/data tmpfs rw,nosuid,nodev", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("/shared ", StringComparison.Ordinal) && l.Contains(" rw", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("/ro-bind ", StringComparison.Ordinal) && l.Contains(" ro", StringComparison.Ordinal));
        Assert.Contains("from the host", lines);
        Assert.Contains("ro-refused", lines);
    }

    [Fact]
    public void ABindMountedFileGetsAFileTarget()
    {
        using var bundle = new TestBundle("cat", "/etc/injected");
        string file = Path.Combine(bundle.Dir, "injected");
        File.WriteAllText(file, "file bind\n");
        bundle.Spec.Mounts!.Add(new Mount { Destination = "/etc/injected", Type = "bind", Source = file, Options = ["bind", "ro"] });
        Assert.Equal("file bind\n", Inside(bundle));
    }

    [Fact]
    public void MaskedAndReadonlyPathsAndAReadonlyRootHold()
    {
        using var bundle = new TestBundle("sh", "-c",
            "wc -c < /etc/group; ls /root | wc -l; echo 1 > /proc/sys/kernel/domainname 2>/dev/null || echo sys-ro; touch /newfile 2>/dev/null || echo root-ro");
        File.WriteAllText(Path.Combine(bundle.Rootfs, "root/secret"), "hidden");
        bundle.Spec.Linux!.MaskedPaths!.AddRange(["/etc/group", "/root"]);
        bundle.Spec.Root!.Readonly = true;
        Assert.Equal("0\n0\nsys-ro\nroot-ro\n", Inside(bundle));
    }

    [Fact]
    public void NamespacedSysctlsAreWritten()
    {
        using var bundle = new TestBundle("cat", "/proc/sys/net/ipv4/ip_forward", "/proc/sys/kernel/msgmax");
        bundle.Spec.Linux!.Sysctl = new() { ["net.ipv4.ip_forward"] = "1", ["kernel.msgmax"] = "4096" };
        Assert.Equal("1\n4096\n", Inside(bundle));
    }

    [Fact]
    [Trait("Host", "cgroups")]
    public void TheCgroupMountShowsTheContainersOwnCgroup()
    {
        // The pids hierarchy (v1), or the one cgroup2 hierarchy.
        using var bundle = new TestBundle("sh", "-c",
            "d=/sys/fs/cgroup/pids; [ -d $d ] || d=/sys/fs/cgroup; ls -d $d/hull 2>/dev/null || echo own-cgroup; grep -q . $d/cgroup.procs && echo has-processes");
        Assert.Equal("own-cgroup\nhas-processes\n", Inside(bundle));
    }

    [Theory]
    [InlineData("ro")]
    [InlineData("rw")]
    [Trait("Host", "cgroups")]
    public void EveryHierarchyOfTheCgroupMountHasTheMountsFlags(string access)
    {
        using var bundle = new TestBundle("grep", " /sys/fs/cgroup", "/proc/self/mounts");
        bundle.Spec.Mounts!.Single(m => m.Type == "cgroup").Options = ["nosuid", "noexec", "nodev", "relatime", access];
        string[] mounts = Inside(bundle).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (!HostCgroups.HasV1)
        {
            // On a pure v2 host the mount is the container's cgroup2 directory itself.
            Assert.StartsWith($"cgroup2 /sys/fs/cgroup cgroup2 {access},nosuid,nodev,noexec,relatime", Assert.Single(mounts), StringComparison.Ordinal);
            return;
        }
        Assert.True(mounts.Length > 2, string.Join('\n', mounts));
        // As under runc: the hierarchies take the mount's flags, the tmpfs holding them stays writable.
        Assert.All(mounts.Where(line => line.Split(' ')[1] != "/sys/fs/cgroup"),
            line => Assert.Equal($"{access},nosuid,nodev,noexec,relatime", string.Join(',', line.Split(' ')[3].Split(',')[..5])));
        Assert.StartsWith("tmpfs /sys/fs/cgroup tmpfs rw,nosuid,nodev,noexec", mounts.Single(line => line.Split(' ')[1] == "/sys/fs/cgroup"), StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutAMountNamespaceTheContainerIsChrootedAndTheHostMountsAreUntouched()
    {
        using var bundle = new TestBundle("sh", "-c", "ls /; readlink /proc/self/ns/mnt 2>/dev/null || echo no-proc");
        bundle.Spec.Linux!.Namespaces!.RemoveAll(n => n.Type == "mount");
        bundle.Spec.Mounts!.Clear();
        bundle.Spec.Linux.MaskedPaths!.Clear();
        bundle.Spec.Linux.ReadonlyPaths!.Clear();
        string output = Inside(bundle);
        Assert.Contains("bin", output.Split('\n'));
        Assert.Contains("no-proc", output.Split('\n'));
    }

    [Fact]
    public void AUserNamespaceMapsTheContainersRootToTheConfiguredHostId()
    {
        using var bundle = new TestBundle("sh", "-c", "id -u; cat /proc/self/uid_map | tr -s ' '; touch /tmp/owned");
        bundle.Spec.Linux!.Namespaces!.Add(new LinuxNamespace { Type = "user" });
        bundle.Spec.Linux.UidMappings = [new LinuxIdMapping { ContainerId = 0, HostId = 100000, Size = 65536 }];
        bundle.Spec.Linux.GidMappings = [new LinuxIdMapping { ContainerId = 0, HostId = 100000, Size = 65536 }];
        bundle.Spec.Mounts!.RemoveAll(m => m.Destination is "/sys" or "/sys/fs/cgroup");
        Directory.CreateDirectory(Path.Combine(bundle.Rootfs, "tmp"));
        File.SetUnixFileMode(Path.Combine(bundle.Rootfs, "tmp"), (UnixFileMode)0b111_111_111 | UnixFileMode.StickyBit);
        string output = Inside(bundle);
        Assert.Equal("0\n 0 100000 65536\n", output);
        Assert.Equal("100000", HostState.OwnerOf(Path.Combine(bundle.Rootfs, "tmp/owned")));
    }

    [Fact]
    public void TheContainerGetsItsOwnSessionKeyringUnlessTold()
    {
        // The keyring is visible to root on the host through /proc/keys while the container holds it.
        using var bundle = new TestBundle("sleep", "60");
        Assert.Equal(0, bundle.Run("--detach").ExitCode);
        Assert.Contains($"_ses.{bundle.Id}", File.ReadAllText("/proc/keys"), StringComparison.Ordinal);
        using var shared = new TestBundle("sleep", "60");
        Assert.Equal(0, shared.Run("--detach", "--no-new-keyring").ExitCode);
        Assert.DoesNotContain($"_ses.{shared.Id}", File.ReadAllText("/proc/keys"), StringComparison.Ordinal);
    }

    [Fact]
    public void IoPrioritySchedulerAndPersonalityApply()
    {
        // Field 41 of /proc/PID/stat is the scheduling policy; SCHED_BATCH is 3.
        using var bundle = new TestBundle("sh", "-c", "ionice -p $$; awk '{ print $41 }' /proc/$$/stat; uname -m");
        bundle.Spec.Process!.IOPriority = new LinuxIOPriority { Class = "IOPRIO_CLASS_BE", Priority = 3 };
        bundle.Spec.Process.Scheduler = new Scheduler { Policy = "SCHED_BATCH" };
        bundle.Spec.Linux!.Personality = new LinuxPersonality { Domain = "LINUX32" };
        string[] lines = Inside(bundle).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("best-effort: prio 3", lines[0]);
        Assert.Equal("3", lines[1]);
        Assert.Equal("i686", lines[2]);
    }

    [Fact]
    public void RecursiveReadOnlyCoversSubmounts()
    {
        using var bundle = new TestBundle("sh", "-c", "touch /shared/x 2>/dev/null || echo top-ro; touch /shared/inner/x 2>/dev/null || echo inner-ro");
        string host = Path.Combine(bundle.Dir, "host-share");
        Directory.CreateDirectory(Path.Combine(host, "inner"));
        bundle.Spec.Mounts!.Add(new Mount { Destination = "/shared", Type = "bind", Source = host, Options = ["rbind", "rro"] });
        bundle.Spec.Mounts.Add(new Mount { Destination = "/shared/inner", Type = "tmpfs", Source = "tmpfs" });
        Assert.Equal("top-ro\n", Inside(bundle));
    }

    [Fact]
    public void SecurityLabelsTheHostCannotApplyAreRefusedAsRuncRefusesThem()
    {
        // This host runs neither AppArmor nor SELinux. A mount label is left out there; a process label is an error.
        Assert.False(File.Exists("/sys/fs/selinux/enforce"));
        using var mountLabel = new TestBundle("echo", "ran");
        mountLabel.Spec.Linux!.MountLabel = "system_u:object_r:container_file_t:s0";
        Assert.Equal("ran\n", mountLabel.Run().Stdout);

        using var selinux = new TestBundle("echo", "ran");
        selinux.Spec.Process!.SelinuxLabel = "system_u:system_r:container_t:s0";
        var refused = selinux.Run();
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("selinux label is specified in config, but selinux is disabled or not supported", refused.Stderr, StringComparison.Ordinal);
        HostState.AssertNothingLeft(selinux);

        using var apparmor = new TestBundle("echo", "ran");
        apparmor.Spec.Process!.ApparmorProfile = "hull-test-profile";
        var failed = apparmor.Run();
        Assert.Equal(1, failed.ExitCode);
        Assert.Equal("", failed.Stdout);
        Assert.Contains("unable to apply apparmor profile: apparmor failed to apply profile: write /proc/self/attr/exec: invalid argument", failed.Stderr, StringComparison.Ordinal);
        HostState.AssertNothingLeft(apparmor);
    }

    [Fact]
    public void AnIdmappedMountShowsHostRootFilesAsTheContainersRoot()
    {
        using var bundle = new TestBundle("sh", "-c", "stat -c %u /plain/file /mapped/file; touch /mapped/written && echo wrote");
        string host = Path.Combine(bundle.Dir, "host-data");
        Directory.CreateDirectory(host);
        File.WriteAllText(Path.Combine(host, "file"), "owned by host root");
        File.SetUnixFileMode(host, (UnixFileMode)0b111_101_101);
        // The container's root is host uid 100000, which cannot create mount points in a root-owned rootfs.
        Directory.CreateDirectory(Path.Combine(bundle.Rootfs, "plain"));
        Directory.CreateDirectory(Path.Combine(bundle.Rootfs, "mapped"));
        var mapping = new LinuxIdMapping { ContainerId = 0, HostId = 100000, Size = 65536 };
        bundle.Spec.Linux!.Namespaces!.Add(new LinuxNamespace { Type = "user" });
        bundle.Spec.Linux.UidMappings = [mapping];
        bundle.Spec.Linux.GidMappings = [mapping];
        bundle.Spec.Mounts!.RemoveAll(m => m.Destination is "/sys" or "/sys/fs/cgroup");
        bundle.Spec.Mounts.Add(new Mount { Destination = "/plain", Type = "bind", Source = host, Options = ["bind"] });
        bundle.Spec.Mounts.Add(new Mount { Destination = "/mapped", Type = "bind", Source = host, Options = ["bind"], UidMappings = [mapping], GidMappings = [mapping] });
        Assert.Equal("65534\n0\nwrote\n", Inside(bundle));
        Assert.Equal("0", HostState.OwnerOf(Path.Combine(host, "written")));
    }

    [Fact]
    public void ABindSourceOnlyTheHostsRootCanReachIsMountedInAUserNamespace()
    {
        using var bundle = new TestBundle("sh", "-c", "cat /a/file /b/file");
        var mapping = new LinuxIdMapping { ContainerId = 0, HostId = 100000, Size = 65536 };
        bundle.Spec.Linux!.Namespaces!.Add(new LinuxNamespace { Type = "user" });
        bundle.Spec.Linux.UidMappings = [mapping];
        bundle.Spec.Linux.GidMappings = [mapping];
        bundle.Spec.Mounts!.RemoveAll(m => m.Destination is "/sys" or "/sys/fs/cgroup");
        foreach (string name in new[] { "a", "b" })
        {
            // Host root's alone: the container's root (host uid 100000) cannot even look inside.
            string closed = Path.Combine(bundle.Dir, $"closed-{name}");
            Directory.CreateDirectory(Path.Combine(closed, "dir"));
            File.WriteAllText(Path.Combine(closed, "dir", "file"), $"{name}\n");
            File.SetUnixFileMode(closed, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            Directory.CreateDirectory(Path.Combine(bundle.Rootfs, name));
            bundle.Spec.Mounts.Add(new Mount { Destination = $"/{name}", Type = "bind", Source = $"closed-{name}/dir", Options = ["bind", "ro"] });
        }
        Assert.Equal("a\nb\n", Inside(bundle));
    }

    [Fact]
    [Trait("Host", "cgroups")]
    public void ACgroupMountWithPropagationOptionsAsPodmanWritesIt()
    {
        // The memory hierarchy (v1) or the memory controller's files (cgroup2) are there.
        using var bundle = new TestBundle("sh", "-c", "ls /sys/fs/cgroup | grep -cx 'memory\\|memory.max'; grep ' /sys/fs/cgroup ' /proc/self/mountinfo | grep -c shared || true");
        var cgroupMount = bundle.Spec.Mounts!.Single(m => m.Destination == "/sys/fs/cgroup");
        cgroupMount.Options = ["rprivate", "nosuid", "noexec", "nodev", "relatime", "ro"];
        Assert.Equal("1\n0\n", Inside(bundle));
    }

    [Fact]
    public void ANonRootUserCanReopenItsOwnStdio()
    {
        // Reopening /dev/stdout opens the file behind it again, which needs permission on it.
        using var bundle = new TestBundle("sh", "-c", "echo reopened > /dev/stdout");
        bundle.Spec.Process!.User = new User { Uid = 1000, Gid = 1000 };
        Assert.Equal("reopened\n", Inside(bundle));
    }
}
