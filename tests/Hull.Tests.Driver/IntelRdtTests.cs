using Hull.Driver;
using Hull.Spec;

namespace Hull.Tests.Driver;

/// <summary>
/// Intel RDT through the library, against a resctrl laid out in a plain directory (no CPU here has RDT): real
/// containers whose init and exec'd processes join the groups themselves, their stats and their removal.
/// </summary>
public sealed class IntelRdtTests(BusyboxRootfs rootfs) : IClassFixture<BusyboxRootfs>
{
    [Fact]
    public async Task EveryProcessJoinsTheGroupsWhichTheStatsReadAndDeleteRemoves()
    {
        using var resctrl = new FakeResctrl();
        var host = new ContainerHost(new HostOptions { HullExecutable = Environment.GetEnvironmentVariable("HULL_BINARY"), Resctrl = resctrl.Mount });
        string id = BusyboxRootfs.NewId();
        var spec = rootfs.Spec("sleep", "100")
            .Configure(s => s.Linux!.IntelRdt = new LinuxIntelRdt { L3CacheSchema = "L3:0=7f0", MemBwSchema = "MB:0=20", EnableMonitoring = true })
            .Build();
        string group = $"{id}/tasks", monitor = $"{id}/mon_groups/{id}/tasks";
        await using (var container = host.Run(new ContainerRequest { Id = id, Spec = spec, Stdio = StdioMode.Null }))
        {
            Assert.Equal("L3:0=7f0\nMB:0=20\n", resctrl.Read($"{id}/schemata"));
            // "0" is "the writing thread": the init's own main thread joined, group first.
            Assert.Equal(("0", "0"), (resctrl.Read(group), resctrl.Read(monitor)));

            resctrl.Clear(group);
            resctrl.Clear(monitor);
            var exec = container.Exec(new Process { Args = ["true"], Cwd = "/" }, StdioMode.Null);
            Assert.Equal(0, (await exec.WaitAsync(Within.Test).Deadline()).Code);
            Assert.Equal(("0", "0"), (resctrl.Read(group), resctrl.Read(monitor)));

            resctrl.Counters($"{id}/mon_groups/{id}", 0, occupancy: 4096, total: 8192, local: 1024);
            container.Update(new LinuxResources(), memBwSchema: "MB:0=70");
            var stats = container.Stats().IntelRdt;
            Assert.Equal(("L3:0=7f0", "MB:0=70", "L3:0=7ff;1=7ff"), (stats.L3CacheSchema, stats.MemBwSchema, stats.L3CacheSchemaRoot));
            Assert.Equal(4096UL, Assert.Single(stats.CmtStats!).LlcOccupancy);
            Assert.Equal((8192UL, 1024UL), (stats.MbmStats![0].MbmTotalBytes, stats.MbmStats[0].MbmLocalBytes));
        }
        Assert.False(resctrl.Exists(id));
        Assert.DoesNotContain(host.List(), c => c.Id == id);
    }

    [Fact]
    public void AConfigTheKernelWouldRefuseFailsCreateAndLeavesNothing()
    {
        using var resctrl = new FakeResctrl();
        var host = new ContainerHost(new HostOptions { HullExecutable = Environment.GetEnvironmentVariable("HULL_BINARY"), Resctrl = resctrl.Mount });
        string id = BusyboxRootfs.NewId();
        var spec = rootfs.Spec("true").Configure(s => s.Linux!.IntelRdt = new LinuxIntelRdt { Schemata = ["L3:0=70f"] }).Build();

        var e = Assert.ThrowsAny<Exception>(() => host.Create(new ContainerRequest { Id = id, Spec = spec, Stdio = StdioMode.Null }));
        Assert.Equal("$.linux.intelRdt.schemata[0]: L3 domain 0: the mask 70f has non-consecutive 1-bits", e.Message);
        Assert.False(resctrl.Exists(id));
        HostLeftovers.AssertNone(id);
    }
}
