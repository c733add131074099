using Hull.Cgroups;
using Hull.Spec;
using Microsoft.Win32.SafeHandles;

namespace Hull.Tests.Unit.Cgroups;

public sealed class EventStreamTests
{
    [Fact]
    public void AStreamWhoseCgroupIsRemovedWhileItsStatsAreReadEnds()
    {
        using var tree = new FakeCgroupTree().V2("cpu memory pids hugetlb", name: "");
        var cgroup = new CgroupFactory(tree.Mountinfo, tree.ProcCgroup).ForContainer("/c", "c");
        tree.Files("c", "cgroup.procs=", "memory.current=4096", "pids.current=1");
        var events = new List<CgroupEvent>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        CgroupEventStream.Run(new RemovedWhileRead(cgroup), "c", TimeSpan.FromMilliseconds(10), events.Add, timeout.Token);
        Assert.False(timeout.IsCancellationRequested, "the stream did not end when its cgroup went");
        Assert.Empty(events);
    }

    /// <summary>A cgroup that `delete` removes between the stream's check that it exists and its read of the files.</summary>
    private sealed class RemovedWhileRead(ICgroupManager real) : ICgroupManager
    {
        public CgroupState State => real.State;

        public IReadOnlyDictionary<string, string> Paths => real.Paths;

        public CgroupStats Stats()
        {
            string dir = real.Paths[""];
            Directory.Delete(dir, recursive: true);
            throw new DirectoryNotFoundException($"Could not find a part of the path '{dir}'.");
        }

        public IReadOnlyList<int> Pids() => [];

        public OomWatcher WatchOom() => throw new CgroupException("no memory controller");

        public SafeFileHandle? OpenForkDirectory(bool startChargeable) => throw new NotSupportedException();

        public CgroupJoinFiles OpenSelfJoin(bool forkedIntoCgroup2) => throw new NotSupportedException();

        public void Apply(int pid, CgroupJoinFiles? joined = null) => throw new NotSupportedException();

        public void Set(LinuxResources resources) => throw new NotSupportedException();

        public void Freeze() => throw new NotSupportedException();

        public void Thaw() => throw new NotSupportedException();

        public bool IsFrozen() => false;

        public ulong OomKillCount() => 0;

        public void Destroy() => throw new NotSupportedException();
    }
}
