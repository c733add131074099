using System.Text.Json;
using Hull.Cgroups;

namespace Hull.Tests.Unit.Cgroups;

public sealed class StatsTests
{
    [Fact]
    public void V1StatsAreRead()
    {
        using var tree = new FakeCgroupTree().AllV1();
        var manager = new CgroupFactory(tree.Mountinfo, tree.ProcCgroup).ForContainer("/c", "c");
        tree.Files("cpu,cpuacct/c", "cpuacct.usage=3000000000", "cpuacct.usage_percpu=1000000000 2000000000 \n", "cpuacct.usage_percpu_sys=1 2\n",
            "cpuacct.usage_percpu_user=3 4\n", "cpuacct.stat=user 150\nsystem 50\n", "cpu.stat=nr_periods 10\nnr_throttled 3\nthrottled_time 123456\n");
        tree.Files("cpuset/c", "cpuset.cpus=0-1", "cpuset.mems=0");
        tree.Files("memory/c", "memory.stat=cache 4096\nrss 8192\n", "memory.usage_in_bytes=12288", "memory.max_usage_in_bytes=20000",
            "memory.limit_in_bytes=104857600", "memory.failcnt=2", "memory.memsw.usage_in_bytes=12288", "memory.memsw.limit_in_bytes=209715200",
            "memory.kmem.usage_in_bytes=1000", "memory.kmem.tcp.usage_in_bytes=10", "memory.oom_control=oom_kill_disable 0\nunder_oom 0\noom_kill 4\n");
        tree.Files("pids/c", "pids.current=3", "pids.max=max");
        tree.Files("blkio/c", "blkio.throttle.io_service_bytes_recursive=8:0 Read 4096\n8:0 Write 8192\nTotal 12288\n", "blkio.throttle.io_serviced_recursive=8:0 Read 1\n");
        tree.Files("hugetlb/c", "hugetlb.2MB.limit_in_bytes=1", "hugetlb.2MB.usage_in_bytes=2097152", "hugetlb.2MB.max_usage_in_bytes=4194304", "hugetlb.2MB.failcnt=1");

        var stats = manager.Stats();
        Assert.Equal(3000000000UL, stats.Cpu.Usage.Total);
        Assert.Equal([1000000000UL, 2000000000UL], stats.Cpu.Usage.PerCpu);
        Assert.Equal(1500000000UL, stats.Cpu.Usage.User);
        Assert.Equal(500000000UL, stats.Cpu.Usage.Kernel);
        Assert.Equal(3UL, stats.Cpu.Throttling.ThrottledPeriods);
        Assert.Equal([(ushort)0, (ushort)1], stats.CpuSet.Cpus);
        Assert.Equal(4096UL, stats.Memory.Cache);
        Assert.Equal(12288UL, stats.Memory.Usage.Usage);
        Assert.Equal(20000UL, stats.Memory.Usage.Max);
        Assert.Equal(104857600UL, stats.Memory.Usage.Limit);
        Assert.Equal(2UL, stats.Memory.Usage.Failcnt);
        Assert.Equal(209715200UL, stats.Memory.Swap.Limit);
        Assert.Equal(1000UL, stats.Memory.Kernel.Usage);
        Assert.Equal(8192UL, stats.Memory.Raw!["rss"]);
        Assert.Equal(3UL, stats.Pids.Current);
        Assert.Equal(0UL, stats.Pids.Limit);
        Assert.Equal(2, stats.Blkio.IoServiceBytesRecursive!.Count);
        Assert.Equal("Write", stats.Blkio.IoServiceBytesRecursive[1].Op);
        Assert.Equal(4194304UL, stats.Hugetlb["2MB"].Max);
        Assert.Equal(4UL, manager.OomKillCount());
    }

    [Fact]
    public void V2StatsAreConvertedToRuncUnits()
    {
        using var tree = new FakeCgroupTree().V2("cpu memory io pids hugetlb", name: "");
        var manager = new CgroupFactory(tree.Mountinfo, tree.ProcCgroup).ForContainer("/c", "c");
        tree.Files("c", "cpu.stat=usage_usec 2000\nuser_usec 1500\nsystem_usec 500\nnr_periods 4\nnr_throttled 1\nthrottled_usec 7\n",
            "memory.stat=anon 100\nfile 200\nkernel 30\nsock 4\n", "memory.current=300", "memory.max=1000", "memory.peak=400",
            "memory.events=low 0\nhigh 0\nmax 5\noom 1\noom_kill 1\n", "memory.swap.current=50", "memory.swap.max=500",
            "pids.current=2", "pids.max=20", "io.stat=8:0 rbytes=4096 wbytes=0 rios=1 wios=0 dbytes=0 dios=0\n",
            "hugetlb.2MB.max=max", "hugetlb.2MB.current=0", "hugetlb.2MB.events=max 0\n");

        var stats = manager.Stats();
        Assert.Equal(2000000UL, stats.Cpu.Usage.Total);
        Assert.Equal(1500000UL, stats.Cpu.Usage.User);
        Assert.Equal(7000UL, stats.Cpu.Throttling.ThrottledTime);
        Assert.Null(stats.Cpu.Usage.PerCpu);
        Assert.Equal(200UL, stats.Memory.Cache);
        Assert.Equal(300UL, stats.Memory.Usage.Usage);
        Assert.Equal(400UL, stats.Memory.Usage.Max);
        Assert.Equal(5UL, stats.Memory.Usage.Failcnt);
        Assert.Equal(350UL, stats.Memory.Swap.Usage);
        Assert.Equal(1500UL, stats.Memory.Swap.Limit);
        Assert.Equal(20UL, stats.Pids.Limit);
        Assert.Equal(4096UL, stats.Blkio.IoServiceBytesRecursive!.Single(e => e.Op == "Read").Value);
        Assert.True(stats.Hugetlb.ContainsKey("2MB"));
        Assert.Equal(1UL, manager.OomKillCount());
    }

    [Fact]
    public void TheEventJsonHasRuncsShape()
    {
        var stats = new CgroupStats();
        stats.Cpu.Usage.Total = 5;
        stats.Cpu.Usage.PerCpu = [2, 3];
        stats.Memory.Usage.Limit = 10;
        stats.Pids.Current = 1;
        stats.Blkio.IoServiceBytesRecursive = [new BlkioEntry { Major = 8, Op = "Read", Value = 1 }];
        stats.Hugetlb["2MB"] = new HugetlbStats { Usage = 1 };
        string json = new CgroupEvent { Type = "stats", Id = "c1", Data = stats }.ToJson();
        const string expected = """
            {"type":"stats","id":"c1","data":{"cpu":{"usage":{"total":5,"percpu":[2,3],"kernel":0,"user":0},"throttling":{}},
            "cpuset":{"cpu_exclusive":0,"mem_hardwall":0,"mem_exclusive":0,"memory_migrate":0,"memory_spread_page":0,"memory_spread_slab":0,"memory_pressure":0,"sched_load_balance":0,"sched_relax_domain_level":0},
            "memory":{"usage":{"limit":10,"failcnt":0},"swap":{"limit":0,"failcnt":0},"kernel":{"limit":0,"failcnt":0},"kernelTCP":{"limit":0,"failcnt":0}},
            "pids":{"current":1},"blkio":{"ioServiceBytesRecursive":[{"major":8,"op":"Read","value":1}]},"hugetlb":{"2MB":{"usage":1,"failcnt":0}},"intel_rdt":{},"network_interfaces":null}}
            """;
        Assert.Equal(expected.Replace("\n", "", StringComparison.Ordinal), json);
        Assert.Equal("""{"type":"oom","id":"c1"}""", new CgroupEvent { Type = "oom", Id = "c1" }.ToJson());
        using var doc = JsonDocument.Parse(json);
        Assert.Equal(5, doc.RootElement.GetProperty("data").GetProperty("cpu").GetProperty("usage").GetProperty("total").GetInt32());
    }

    [Fact]
    public void BlkioLinesParse()
    {
        var entries = V1StatsParser("8:0 Read 10\n8:0 Async 3\n8:16 7\nTotal 20\n");
        Assert.Equal(3, entries.Count);
        Assert.Equal((8UL, 16UL, (string?)null, 7UL), (entries[2].Major, entries[2].Minor, entries[2].Op, entries[2].Value));
    }

    private static List<BlkioEntry> V1StatsParser(string text)
    {
        using var tree = new FakeCgroupTree().V1("blkio");
        var manager = new CgroupFactory(tree.Mountinfo, tree.ProcCgroup).ForContainer("/c", "c");
        tree.Files("blkio/c", "blkio.throttle.io_service_bytes_recursive=" + text);
        return manager.Stats().Blkio.IoServiceBytesRecursive!;
    }
}
