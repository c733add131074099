using Hull.Runtime;
using Hull.Runtime.Store;

namespace Hull.Tests.Unit.Runtime;

public sealed class StateStoreTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("hull-state-").FullName;

    public void Dispose() => Directory.Delete(_root, true);

    private static ContainerRecord Record(string id, int pid = 42) => new()
    {
        Id = id,
        Bundle = "/bundle",
        Rootfs = "/bundle/rootfs",
        InitPid = pid,
        InitStartTime = 1234,
        Created = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero),
        Annotations = new() { ["a"] = "b" },
        Cgroup = new Hull.Cgroups.CgroupState { Layout = "hybrid", Paths = new() { ["pids"] = "/sys/fs/cgroup/pids/hull/x" }, UnifiedControllers = ["hugetlb"], Slice = "a.slice", Unit = "hull-x.scope" },
        Poststop = [new Hull.Spec.Hook { Path = "/bin/hook", Args = ["hook", "stop"], Env = ["A=1"], Timeout = 5 }],
    };

    [Fact]
    public void ASavedRecordLoadsBackIdentically()
    {
        var store = new StateStore(_root);
        using (var dir = store.CreateNew("one"))
            dir.Save(Record("one"));
        using var reopened = store.Open("one");
        var loaded = reopened.Load();
        Assert.Equal(42, loaded.InitPid);
        Assert.Equal(1234UL, loaded.InitStartTime);
        Assert.Equal("b", loaded.Annotations!["a"]);
        Assert.Equal(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero), loaded.Created);
        Assert.Equal("/sys/fs/cgroup/pids/hull/x", loaded.Cgroup.Paths["pids"]);
        Assert.Equal(["hugetlb"], loaded.Cgroup.UnifiedControllers);
        Assert.Equal(("a.slice", "hull-x.scope"), (loaded.Cgroup.Slice, loaded.Cgroup.Unit));
        Assert.Null(loaded.Poststart);
        var hook = Assert.Single(loaded.Poststop!);
        Assert.Equal(("/bin/hook", 5), (hook.Path, hook.Timeout));
        Assert.Equal(["hook", "stop"], hook.Args);
        Assert.Equal(["A=1"], hook.Env);
    }

    [Theory]
    [InlineData("{\"id\": \"one\", \"bundle\": ")]
    [InlineData("[]")]
    [InlineData("{\"id\": \"one\", \"bundle\": \"/b\", \"rootfs\": \"/b/r\", \"initPid\": \"42\"}")]
    [InlineData("{\"id\": \"one\", \"rootfs\": \"/b/r\"}")]
    public void ACorruptStateIsReportedAsSuch(string text)
    {
        var store = new StateStore(_root);
        using (var dir = store.CreateNew("one"))
            dir.Save(Record("one"));
        File.WriteAllText(Path.Combine(_root, "one", "state.json"), text);
        using var reopened = store.Open("one");
        var error = Assert.Throws<HullException>(reopened.Load);
        Assert.Contains("state of container one is corrupt", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ATakenIdIsRefused()
    {
        var store = new StateStore(_root);
        using var first = store.CreateNew("dup");
        var error = Assert.Throws<HullException>(() => store.CreateNew("dup"));
        Assert.Equal(ErrorKind.AlreadyExists, error.Kind);
    }

    [Fact]
    public void AnUnknownIdIsNotFound()
    {
        var error = Assert.Throws<HullException>(() => new StateStore(_root).Open("missing"));
        Assert.Equal(ErrorKind.NotFound, error.Kind);
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AContainerWithoutStateIsNotListedAsOpenable()
    {
        var store = new StateStore(_root);
        using (store.CreateNew("half"))
        {
        }
        Assert.Throws<HullException>(() => store.Open("half"));
    }

    [Fact]
    public void RemovedContainersDisappearFromTheList()
    {
        var store = new StateStore(_root);
        using (var dir = store.CreateNew("b"))
            dir.Save(Record("b"));
        using (var dir = store.CreateNew("a"))
            dir.Save(Record("a"));
        Assert.Equal(["a", "b"], store.Ids());
        using (var dir = store.Open("a"))
            dir.Remove();
        Assert.Equal(["b"], store.Ids());
    }

    [Fact]
    public async Task ConcurrentWritersNeverCorruptTheState()
    {
        var store = new StateStore(_root);
        using (var dir = store.CreateNew("busy"))
            dir.Save(Record("busy", 1));
        var writers = Enumerable.Range(0, 8).Select(w => Task.Run(() =>
        {
            for (int i = 0; i < 50; i++)
            {
                using var dir = store.Open("busy");
                var record = dir.Load();
                record.InitPid++;
                dir.Save(record);
            }
        }));
        await Task.WhenAll(writers);
        using var final = store.Open("busy");
        Assert.Equal(1 + 8 * 50, final.Load().InitPid);
    }
}
