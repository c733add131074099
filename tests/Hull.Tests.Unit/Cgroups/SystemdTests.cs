using Hull.Cgroups;
using System.Text;
using Hull.Cgroups.Systemd;

namespace Hull.Tests.Unit.Cgroups;

public sealed class SystemdTests
{
    [Theory]
    [InlineData("system.slice:hull:abc", "system.slice", "hull-abc.scope", "/system.slice/hull-abc.scope")]
    [InlineData("user-1000.slice:docker:x", "user-1000.slice", "docker-x.scope", "/user.slice/user-1000.slice/docker-x.scope")]
    [InlineData(":hull:abc", "system.slice", "hull-abc.scope", "/system.slice/hull-abc.scope")]
    [InlineData("system.slice::abc", "system.slice", "abc.scope", "/system.slice/abc.scope")]
    [InlineData("-.slice:p:pod.slice", "-.slice", "pod.slice", "/pod.slice")]
    public void CgroupsPathsNameUnits(string path, string slice, string unit, string cgroup)
    {
        var parsed = SystemdUnit.Parse(path, "id");
        Assert.Equal(slice, parsed.Slice);
        Assert.Equal(unit, parsed.Unit);
        Assert.Equal(cgroup, parsed.CgroupPath);
    }

    [Fact]
    public void NoCgroupsPathMeansAHullScopeInSystemSlice() =>
        Assert.Equal("/system.slice/hull-web.scope", SystemdUnit.Parse(null, "web").CgroupPath);

    [Theory]
    [InlineData(null, "/user.slice/hull-web.scope")]
    [InlineData(":libpod:web", "/user.slice/libpod-web.scope")]
    [InlineData("app.slice:libpod:web", "/app.slice/libpod-web.scope")]
    public void AUsersOwnSystemdPutsContainersInUserSliceUnlessTold(string? path, string cgroup) =>
        Assert.Equal(cgroup, SystemdUnit.Parse(path, "web", "user.slice").CgroupPath);

    [Theory]
    [InlineData("/hull/x")]
    [InlineData("a:b")]
    [InlineData("bad:hull:x")]
    [InlineData("a--b.slice:hull:x")]
    public void BadPathsAreRefused(string path) => Assert.Throws<CgroupException>(() => SystemdUnit.Parse(path, "id"));

    [Fact]
    public void QuotaIsPerSecondInTenMillisecondSteps()
    {
        Assert.Equal(200_000UL, SystemdProperties.QuotaPerSecond(20_000, 100_000));
        Assert.Equal(10_000UL, SystemdProperties.QuotaPerSecond(1, 100_000));
        Assert.Equal(ulong.MaxValue, SystemdProperties.QuotaPerSecond(-1, null));
        Assert.Equal([0b0010_0111, 0b1], SystemdProperties.Bitmask("0-2,5,8"));
    }

    [Fact]
    public void ResourcesBecomeV1OrV2UnitProperties()
    {
        var r = new Hull.Spec.LinuxResources
        {
            Memory = new Hull.Spec.LinuxMemory { Limit = 100, Swap = 300 },
            Cpu = new Hull.Spec.LinuxCpu { Shares = 1024, Quota = 50000, Period = 100000 },
            Pids = new Hull.Spec.LinuxPids { Limit = -1 },
        };
        Assert.Equal(["MemoryMax", "MemorySwapMax", "CPUWeight", "CPUQuotaPeriodUSec", "CPUQuotaPerSecUSec", "TasksMax"], SystemdProperties.For(r, v2: true).Select(p => p.Name));
        Assert.Equal(["MemoryLimit", "CPUShares", "CPUQuotaPeriodUSec", "CPUQuotaPerSecUSec", "TasksMax"], SystemdProperties.For(r, v2: false).Select(p => p.Name));
    }

    [Fact]
    public void ValuesAreMarshalledWithDBusAlignment()
    {
        var w = new DBusWriter();
        w.Byte(1);
        w.String("ab");
        w.UInt64(7);
        UnitProperty.WriteAll(w, [UnitProperty.Bool("Delegate", true)]);
        byte[] bytes = w.ToArray();
        // byte, pad to 4, len 2, "ab\0", pad to 8, u64, array length, (pad to 8) struct of s + v(b).
        Assert.Equal(1, bytes[0]);
        Assert.Equal(2, BitConverter.ToInt32(bytes, 4));
        Assert.Equal((byte)'a', bytes[8]);
        Assert.Equal(7UL, BitConverter.ToUInt64(bytes, 16));
        var r = new DBusReader(bytes);
        Assert.Equal("1", r.Value("y"));
        Assert.Equal("ab", r.String());
        Assert.Equal(7UL, r.UInt64());
        uint arrayLength = r.UInt32();
        r.Align(8);
        Assert.Equal("Delegate", r.String());
        Assert.Equal("1", r.Value("v"));
        Assert.Equal(bytes.Length, r.Position);
        Assert.Equal((uint)(bytes.Length - 32), arrayLength);
    }
}

public sealed class SystemdManagerTests
{
    [Fact]
    public void ApplyStartsAScopeAndSetSendsPropertiesThenWritesFiles()
    {
        using var tree = new FakeCgroupTree().V2("cpu memory pids", name: "");
        using var systemd = new FakeSystemd(tree.Root);
        var factory = new CgroupFactory(tree.Mountinfo, tree.ProcCgroup);
        var manager = SystemdCgroupManager.Create(factory, "system.slice:hull:t1", "t1", systemd.SocketPath);
        Assert.Equal(Path.Combine(tree.Root, "system.slice/hull-t1.scope"), manager.Paths[""]);
        tree.Files("system.slice/hull-t1.scope", "cgroup.procs", "pids.max", "memory.max");

        manager.Apply(Environment.ProcessId);
        Assert.Equal("StartTransientUnit", systemd.Calls[0].Member);
        string startBody = Encoding.UTF8.GetString(systemd.Calls[0].Body);
        foreach (string expected in new[] { "hull-t1.scope", "replace", "Delegate", "PIDs", "Slice", "system.slice" })
            Assert.Contains(expected, startBody, StringComparison.Ordinal);
        Assert.Equal(Environment.ProcessId.ToString(), tree.Read("system.slice/hull-t1.scope/cgroup.procs"));

        manager.Set(new Hull.Spec.LinuxResources { Pids = new Hull.Spec.LinuxPids { Limit = 5 }, Memory = new Hull.Spec.LinuxMemory { Limit = 1 << 20 } });
        Assert.Equal("SetUnitProperties", systemd.Calls[^1].Member);
        Assert.Contains("TasksMax", Encoding.UTF8.GetString(systemd.Calls[^1].Body), StringComparison.Ordinal);
        Assert.Equal("5", tree.Read("system.slice/hull-t1.scope/pids.max"));
        Assert.Equal("1048576", tree.Read("system.slice/hull-t1.scope/memory.max"));

        var state = manager.State;
        Assert.Equal(CgroupDrivers.Systemd, state.Driver);
        Assert.Equal("hull-t1.scope", state.Unit);
        Assert.IsType<SystemdCgroupManager>(CgroupFactory.FromState(state));
    }

    [Fact]
    public void AFailedJobIsAClearError()
    {
        using var tree = new FakeCgroupTree().V2("pids", name: "");
        using var systemd = new FakeSystemd(tree.Root) { JobResult = "failed" };
        var manager = SystemdCgroupManager.Create(new CgroupFactory(tree.Mountinfo, tree.ProcCgroup), null, "t2", systemd.SocketPath);
        var e = Assert.Throws<CgroupException>(() => manager.Apply(Environment.ProcessId));
        Assert.Contains("hull-t2.scope: job failed", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NoSystemdIsAClearError()
    {
        using var tree = new FakeCgroupTree().V2("pids", name: "");
        var manager = SystemdCgroupManager.Create(new CgroupFactory(tree.Mountinfo, tree.ProcCgroup), null, "t3", Path.Combine(tree.Root, "none"));
        Assert.Contains("cannot reach systemd", Assert.Throws<CgroupException>(() => manager.Apply(1)).Message, StringComparison.Ordinal);
    }
}
