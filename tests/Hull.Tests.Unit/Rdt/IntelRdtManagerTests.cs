using Hull.Cgroups;
using Hull.Spec;

namespace Hull.Tests.Unit.Rdt;

public sealed class IntelRdtManagerTests : IDisposable
{
    private readonly FakeResctrl _resctrl = new();

    public void Dispose() => _resctrl.Dispose();

    [Fact]
    public void TheMountIsFoundInMountinfo()
    {
        using var mbps = new FakeResctrl(inMBps: true);
        string mountinfo = Path.Combine(_resctrl.Root, "mountinfo");
        File.WriteAllText(mountinfo, "25 1 8:1 / / rw - ext4 /dev/sda1 rw\n" + mbps.MountinfoLine + "\n");

        Assert.Equal(new ResctrlMount(mbps.Root, BandwidthInMBps: true), ResctrlMount.Find(mountinfo));
        File.WriteAllText(mountinfo, "25 1 8:1 / / rw - ext4 /dev/sda1 rw\n");
        Assert.Null(ResctrlMount.Find(mountinfo));
    }

    [Fact]
    public void WhatTheHostOffersIsReadFromInfo()
    {
        var info = ResctrlInfo.Read(_resctrl.Mount);

        var cache = Assert.IsType<CacheResource>(info.Resources["L3"]);
        Assert.Equal(("7ff", 1, 16), (cache.CbmMask, cache.MinCbmBits, cache.Closids));
        Assert.Equal([0, 1], cache.Domains);
        var bandwidth = Assert.IsType<BandwidthResource>(info.Resources["MB"]);
        Assert.Equal((10, 10, 8), (bandwidth.Granularity, bandwidth.Minimum, bandwidth.Closids));
        Assert.Equal(8, info.Closids);
        Assert.True(info.Monitoring is { Occupancy: true, Bandwidth: true, Rmids: 32 });
    }

    [Theory]
    [InlineData("{\"closID\":\"guaranteed\"}", "intelRdt is specified in config, but Intel RDT is not enabled")]
    [InlineData("{\"enableMonitoring\":true}", "intelRdt is specified in config, but Intel RDT is not enabled")]
    [InlineData("{\"l3CacheSchema\":\"L3:0=f\"}", "intelRdt.l3CacheSchema is specified in config, but Intel RDT/CAT is not enabled")]
    [InlineData("{\"memBwSchema\":\"MB:0=50\"}", "intelRdt.memBwSchema is specified in config, but Intel RDT/MBA is not enabled")]
    public void WithoutResctrlAnyIntelRdtIsRefused(string json, string error) =>
        Assert.Equal(error, Assert.Throws<RdtRefusal>(() => IntelRdtManager.Plan(Config(json), "c1", mount: null)).Message);

    [Theory]
    [InlineData(false, true, true, "{\"l3CacheSchema\":\"L3:0=f\"}", "intelRdt.l3CacheSchema is specified in config, but Intel RDT/CAT is not enabled")]
    [InlineData(true, false, true, "{\"memBwSchema\":\"MB:0=50\"}", "intelRdt.memBwSchema is specified in config, but Intel RDT/MBA is not enabled")]
    [InlineData(true, true, false, "{\"enableMonitoring\":true}", "intelRdt.enableMonitoring is specified in config, but Intel RDT monitoring is not enabled")]
    public void WhatTheHostLacksIsRefused(bool cache, bool bandwidth, bool monitoring, string json, string error)
    {
        using var partial = new FakeResctrl(cache, bandwidth, monitoring);
        Assert.Equal(error, Assert.Throws<RdtRefusal>(() => IntelRdtManager.Plan(Config(json), "c1", partial.Mount)).Message);
    }

    [Fact]
    public void AContainersOwnGroupGetsItsSchemataInTheSpecsOrderAndGoesOnDelete()
    {
        var rdt = IntelRdtManager.Plan(Config("{\"schemata\":[\"L3:1=1f\"],\"memBwSchema\":\"MB:0=20\",\"l3CacheSchema\":\"L3:0=7f0\",\"enableMonitoring\":true}"), "c1", _resctrl.Mount);
        Assert.True(rdt.State is { MadeGroup: true, Shared: false });
        Assert.Equal(Path.Combine(_resctrl.Root, "c1"), rdt.State.Group);
        Assert.False(_resctrl.Exists("c1"));

        rdt.Create();
        Assert.Equal("L3:0=7f0\nMB:0=20\nL3:1=1f\n", _resctrl.Read("c1/schemata"));
        Assert.True(_resctrl.Exists("c1/mon_groups/c1"));
        using (var join = IntelRdtManager.OpenTaskFiles(rdt.State))
        {
            foreach (var tasks in join.TaskFiles)
                Hull.Linux.Syscall.Write(tasks, "0"u8);
        }
        Assert.Equal("0", _resctrl.Read("c1/tasks"));
        Assert.Equal("0", _resctrl.Read("c1/mon_groups/c1/tasks"));

        IntelRdtManager.Destroy(rdt.State, creationFailed: false);
        Assert.False(_resctrl.Exists("c1"));
    }

    [Fact]
    public void AGroupNamedByTheIdThatWasThereBeforeStaysAfterDelete()
    {
        _resctrl.Group("c1", "L3:0=7ff");
        var rdt = IntelRdtManager.Plan(Config("{\"l3CacheSchema\":\"L3:0=f\"}"), "c1", _resctrl.Mount);
        rdt.Create();
        Assert.Equal("L3:0=f\n", _resctrl.Read("c1/schemata"));

        IntelRdtManager.Destroy(rdt.State, creationFailed: false);
        Assert.True(_resctrl.Exists("c1"));
    }

    [Fact]
    public void AClosIdGroupThatDoesNotExistNeedsSchemata()
    {
        var e = Assert.Throws<RdtRefusal>(() => IntelRdtManager.Plan(Config("{\"closID\":\"gold\"}"), "c1", _resctrl.Mount));
        Assert.Equal($"clos dir not accessible (must be pre-created when schemata, l3CacheSchema and memBwSchema are empty): stat {_resctrl.Root}/gold: no such file or directory", e.Message);
        Assert.False(_resctrl.Exists("gold"));
    }

    [Fact]
    public void AClosIdGroupIsMadeAndSharedButNeverRemovedByDelete()
    {
        var first = IntelRdtManager.Plan(Config("{\"closID\":\"gold\",\"l3CacheSchema\":\"L3:0=7f0\",\"enableMonitoring\":true}"), "c1", _resctrl.Mount);
        first.Create();
        var second = IntelRdtManager.Plan(Config("{\"closID\":\"gold\",\"l3CacheSchema\":\"L3:0=0x7F0\"}"), "c2", _resctrl.Mount);
        second.Create();
        Assert.True(first.State is { MadeGroup: true, Shared: true });
        Assert.True(second.State is { MadeGroup: false, Shared: true });
        Assert.Equal("L3:0=7f0\n", _resctrl.Read("gold/schemata"));

        IntelRdtManager.Destroy(first.State, creationFailed: false);
        Assert.True(_resctrl.Exists("gold"));
        Assert.False(_resctrl.Exists("gold/mon_groups/c1"));
        IntelRdtManager.Destroy(second.State, creationFailed: false);
        Assert.True(_resctrl.Exists("gold"));
    }

    [Fact]
    public void AClosIdGroupAFailedCreateMadeGoesWhileNobodyJoinedIt()
    {
        var rdt = IntelRdtManager.Plan(Config("{\"closID\":\"gold\",\"schemata\":[\"MB:0=30\"]}"), "c1", _resctrl.Mount);
        rdt.Create();
        File.WriteAllText(Path.Combine(rdt.State.Group, "tasks"), "4242\n");
        IntelRdtManager.Destroy(rdt.State, creationFailed: true);
        Assert.True(_resctrl.Exists("gold"));

        File.WriteAllText(Path.Combine(rdt.State.Group, "tasks"), "");
        IntelRdtManager.Destroy(rdt.State, creationFailed: true);
        Assert.False(_resctrl.Exists("gold"));
    }

    [Theory]
    [InlineData("{\"closID\":\"gold\",\"memBwSchema\":\"MB:0=15\"}")]
    [InlineData("{\"closID\":\"gold\",\"schemata\":[\"L3:1=0x00f\",\"MB:1=100\"]}")]
    public void AnExistingClosIdGroupIsJoinedWhenItsSchemataMatch(string json)
    {
        _resctrl.Group("gold", "    L3:0=0f0;1=00f\n    MB:0=20;1=100");
        var rdt = IntelRdtManager.Plan(Config(json), "c1", _resctrl.Mount);
        rdt.Create();
        Assert.Equal("    L3:0=0f0;1=00f\n    MB:0=20;1=100\n", _resctrl.Read("gold/schemata"));
    }

    [Fact]
    public void AnExistingClosIdGroupWithOtherSchemataIsRefused()
    {
        _resctrl.Group("gold", "    L3:0=0f0;1=00f\n    MB:0=20;1=100");
        var e = Assert.Throws<RdtRefusal>(() => IntelRdtManager.Plan(Config("{\"closID\":\"gold\",\"l3CacheSchema\":\"L3:0=0f0;1=0f0\"}"), "c1", _resctrl.Mount));
        Assert.Equal("$.linux.intelRdt.l3CacheSchema: the resctrl group gold exists with L3 domain 1 at 00f, not 0f0", e.Message);
    }

    [Fact]
    public void TheDefaultClosIsTheRootAndIsNeverRemoved()
    {
        var rdt = IntelRdtManager.Plan(Config("{\"closID\":\"/\"}"), "c1", _resctrl.Mount);
        Assert.Equal(_resctrl.Root, rdt.State.Group);
        rdt.Create();
        IntelRdtManager.Destroy(rdt.State, creationFailed: true);
        Assert.True(Directory.Exists(_resctrl.Root));
    }

    [Theory]
    [InlineData("{\"l3CacheSchema\":\"L3:0=70f\"}", "$.linux.intelRdt.l3CacheSchema: L3 domain 0: the mask 70f has non-consecutive 1-bits")]
    [InlineData("{\"l3CacheSchema\":\"L3:0=fff\"}", "$.linux.intelRdt.l3CacheSchema: L3 domain 0: the mask fff is out of range (the whole cache is 7ff)")]
    [InlineData("{\"l3CacheSchema\":\"L3:0=0\"}", "$.linux.intelRdt.l3CacheSchema: L3 domain 0: the mask 0 is out of range (the whole cache is 7ff)")]
    [InlineData("{\"l3CacheSchema\":\"L3:0=xyz\"}", "$.linux.intelRdt.l3CacheSchema: L3 domain 0: the mask xyz is not hexadecimal")]
    [InlineData("{\"l3CacheSchema\":\"L3:2=f\"}", "$.linux.intelRdt.l3CacheSchema: L3 has no domain 2 on this host (it has 0, 1)")]
    [InlineData("{\"l3CacheSchema\":\"L3:0=f;0=f\"}", "$.linux.intelRdt.l3CacheSchema: L3 domain 0 is given twice")]
    [InlineData("{\"memBwSchema\":\"MB:1=5\"}", "$.linux.intelRdt.memBwSchema: MB domain 1: the bandwidth 5 is out of range [10,100]")]
    [InlineData("{\"memBwSchema\":\"MB:1=110\"}", "$.linux.intelRdt.memBwSchema: MB domain 1: the bandwidth 110 is out of range [10,100]")]
    [InlineData("{\"memBwSchema\":\"MB:1=5O\"}", "$.linux.intelRdt.memBwSchema: MB domain 1: the bandwidth 5O is not a decimal number")]
    [InlineData("{\"schemata\":[\"L3:0=f\",\"L2:0=f\"]}", "$.linux.intelRdt.schemata[1]: this host's resctrl has no resource L2 (it has L3, MB)")]
    [InlineData("{\"schemata\":[\"L3\"]}", "$.linux.intelRdt.schemata[0]: invalid schemata line \"L3\": want RESOURCE:ID=VALUE[;ID=VALUE...]")]
    [InlineData("{\"schemata\":[\"L3:a=f\"]}", "$.linux.intelRdt.schemata[0]: invalid schemata line \"L3:a=f\": want RESOURCE:ID=VALUE[;ID=VALUE...]")]
    public void WhatTheKernelWouldRefuseIsRefusedNamingTheField(string json, string error)
    {
        var e = Assert.Throws<RdtRefusal>(() => IntelRdtManager.Plan(Config(json), "c1", _resctrl.Mount));
        Assert.Equal(error, e.Message);
        Assert.False(_resctrl.Exists("c1"));
    }

    [Fact]
    public void ACacheNeedsItsMinimumOfConsecutiveBits()
    {
        _resctrl.Info("L3/min_cbm_bits", "2");
        var e = Assert.Throws<RdtRefusal>(() => IntelRdtManager.Plan(Config("{\"l3CacheSchema\":\"L3:0=4\"}"), "c1", _resctrl.Mount));
        Assert.Equal("$.linux.intelRdt.l3CacheSchema: L3 domain 0: the mask 4 sets fewer than the 2 consecutive bits the cache needs", e.Message);
    }

    [Fact]
    public void SparseMasksAreTakenWhereTheCpuHasThem()
    {
        _resctrl.Info("L3/sparse_masks", "1");
        IntelRdtManager.Plan(Config("{\"l3CacheSchema\":\"L3:0=703\"}"), "c1", _resctrl.Mount).Create();
        Assert.Equal("L3:0=703\n", _resctrl.Read("c1/schemata"));
    }

    [Fact]
    public void BandwidthInMBpsIsTakenAsGiven()
    {
        using var mbps = new FakeResctrl(inMBps: true);
        IntelRdtManager.Plan(Config("{\"memBwSchema\":\"MB:0=5000;1=7000\"}"), "c1", mbps.Mount).Create();
        Assert.Equal("MB:0=5000;1=7000\n", mbps.Read("c1/schemata"));
    }

    [Fact]
    public void ANewGroupNeedsAFreeClosId()
    {
        _resctrl.Info("MB/num_closids", "2");
        _resctrl.Group("other", "MB:0=50");
        var e = Assert.Throws<RdtRefusal>(() => IntelRdtManager.Plan(Config("{\"memBwSchema\":\"MB:0=50\"}"), "c1", _resctrl.Mount));
        Assert.Equal("intelRdt: no free CLOSID for a new resctrl group: all 2 of this host are in use", e.Message);
    }

    [Fact]
    public void AMonitoringGroupNeedsAFreeRmid()
    {
        _resctrl.Info("L3_MON/num_rmids", "3");
        _resctrl.Group("other", "MB:0=50");
        Directory.CreateDirectory(Path.Combine(_resctrl.Root, "mon_groups", "watcher"));
        var e = Assert.Throws<RdtRefusal>(() => IntelRdtManager.Plan(Config("{\"closID\":\"other\",\"enableMonitoring\":true}"), "c1", _resctrl.Mount));
        Assert.Equal("intelRdt.enableMonitoring: no free RMID for a new resctrl monitoring group: all 3 of this host are in use", e.Message);
    }

    [Fact]
    public void UpdateRewritesTheSchemataUnlessALineIsRefused()
    {
        var config = Config("{\"l3CacheSchema\":\"L3:0=7f0\",\"memBwSchema\":\"MB:0=20\"}");
        var rdt = IntelRdtManager.Plan(config, "c1", _resctrl.Mount);
        rdt.Create();

        config.MemBwSchema = "MB:0=70";
        IntelRdtManager.Update(rdt.State, config);
        Assert.Equal("L3:0=7f0\nMB:0=70\n", _resctrl.Read("c1/schemata"));

        config.L3CacheSchema = "L3:0=70f";
        Assert.Throws<RdtRefusal>(() => IntelRdtManager.Update(rdt.State, config));
        Assert.Equal("L3:0=7f0\nMB:0=70\n", _resctrl.Read("c1/schemata"));
    }

    [Fact]
    public void AWriteTheKernelRefusesReportsItsLastCommandStatus()
    {
        var rdt = IntelRdtManager.Plan(Config("{\"l3CacheSchema\":\"L3:0=7f0\"}"), "c1", _resctrl.Mount);
        Directory.CreateDirectory(Path.Combine(rdt.State.Group, "schemata"));
        _resctrl.Info("last_cmd_status", "Mask out of range");

        var e = Assert.Throws<CgroupException>(rdt.Create);
        Assert.Equal($"intelrdt: open {rdt.State.Group}/schemata: is a directory, last_cmd_status: Mask out of range", e.Message);
    }

    [Fact]
    public void StatsHaveRuncsShape()
    {
        var rdt = IntelRdtManager.Plan(Config("{\"l3CacheSchema\":\"L3:0=7f0\",\"memBwSchema\":\"MB:0=20\",\"enableMonitoring\":true}"), "c1", _resctrl.Mount);
        rdt.Create();
        _resctrl.Counters("c1/mon_groups/c1", 0, occupancy: 1024, total: 2048, local: 512);
        _resctrl.Counters("c1/mon_groups/c1", 1, occupancy: 0, total: 10, local: 5);

        string json = new CgroupEvent { Type = "stats", Id = "c1", Data = new CgroupStats { IntelRdt = ResctrlStats.Read(rdt.State) } }.ToJson();

        using var document = System.Text.Json.JsonDocument.Parse(json);
        Assert.Equal(
            "{\"l3_cache_info\":{\"cbm_mask\":\"7ff\",\"min_cbm_bits\":1,\"num_closids\":16},\"l3_cache_schema_root\":\"L3:0=7ff;1=7ff\",\"l3_cache_schema\":\"L3:0=7f0\","
            + "\"mem_bw_info\":{\"bandwidth_gran\":10,\"delay_linear\":1,\"min_bandwidth\":10,\"num_closids\":8},\"mem_bw_schema_root\":\"MB:0=100;1=100\",\"mem_bw_schema\":\"MB:0=20\","
            + "\"schemata\":[\"L3:0=7f0\",\"MB:0=20\"],\"mbm_stats\":[{\"mbm_total_bytes\":2048,\"mbm_local_bytes\":512},{\"mbm_total_bytes\":10,\"mbm_local_bytes\":5}],"
            + "\"cmt_stats\":[{\"llc_occupancy\":1024},{\"llc_occupancy\":0}]}",
            document.RootElement.GetProperty("data").GetProperty("intel_rdt").GetRawText());
    }

    [Fact]
    public void WithoutRdtTheStatsHaveAnEmptyObjectAsRuncs()
    {
        string json = new CgroupEvent { Type = "stats", Id = "c1", Data = new CgroupStats() }.ToJson();
        using var document = System.Text.Json.JsonDocument.Parse(json);
        Assert.Equal("{}", document.RootElement.GetProperty("data").GetProperty("intel_rdt").GetRawText());
    }

    private static LinuxIntelRdt Config(string json) =>
        SpecLoader.Parse($"{{\"ociVersion\":\"1.2.0\",\"linux\":{{\"intelRdt\":{json}}}}}").Linux!.IntelRdt!;
}
