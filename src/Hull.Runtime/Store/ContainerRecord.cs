using Hull.Spec;

namespace Hull.Runtime.Store;

/// <summary>What Hull keeps about a container in its state directory (state.json, see <see cref="ContainerRecordJson"/>).</summary>
public sealed class ContainerRecord
{
    public required string Id { get; init; }

    public required string Bundle { get; init; }

    public required string Rootfs { get; init; }

    public int InitPid { get; set; }

    public ulong InitStartTime { get; set; }

    public DateTimeOffset Created { get; init; }

    public string Owner { get; init; } = "";

    public Dictionary<string, string>? Annotations { get; init; }

    /// <summary>The container's cgroup, as its manager needs it to be re-created.</summary>
    public Hull.Cgroups.CgroupState Cgroup { get; init; } = new();

    public bool SystemdCgroup { get; init; }

    public bool Rootless { get; init; }

    /// <summary>The config's poststart hooks, kept here so that `start` need not read the whole config.</summary>
    public List<Hook>? Poststart { get; init; }

    /// <summary>The config's poststop hooks, kept here so that `delete` need not read the whole config.</summary>
    public List<Hook>? Poststop { get; init; }

    public ProcessIdentity Init => new(InitPid, InitStartTime);
}
