using Hull.Cgroups;
using Hull.Spec;
using Hull.Spec.Json;

namespace Hull.Runtime.Store;

/// <summary>How far a container's creation got, as recorded: a record is written before anything exists on the host.</summary>
public enum ContainerPhase
{
    /// <summary>`create` is at work (or died at it): the cgroup paths, and the init once it exists, are recorded.</summary>
    Creating,

    /// <summary>`create` finished: the init waits for start, or runs.</summary>
    Created,
}

/// <summary>What Hull keeps about a container in its state directory (state.json).</summary>
public sealed class ContainerRecord
{
    public static readonly ObjectCodec<ContainerRecord> Codec = new ObjectCodec<ContainerRecord>()
        .Add("id", JsonScalars.String, x => x.Id, (x, v) => x.Id = v ?? "")
        .Add("phase", JsonScalars.String, x => x.Phase.ToString(), (x, v) => x.Phase = Enum.TryParse<ContainerPhase>(v, out var phase) ? phase : ContainerPhase.Creating)
        .Add("bundle", JsonScalars.String, x => x.Bundle, (x, v) => x.Bundle = v ?? "")
        .Add("rootfs", JsonScalars.String, x => x.Rootfs, (x, v) => x.Rootfs = v ?? "")
        .Add("initPid", JsonScalars.Int32, x => x.InitPid, (x, v) => x.InitPid = v ?? 0)
        .Add("initStartTime", JsonScalars.UInt64, x => x.InitStartTime, (x, v) => x.InitStartTime = v ?? 0)
        .Add("created", JsonScalars.Time, x => x.Created, (x, v) => x.Created = v ?? default)
        .Add("owner", JsonScalars.String, x => x.Owner, (x, v) => x.Owner = v ?? "")
        .Add("annotations", JsonScalars.StringMap, x => x.Annotations, (x, v) => x.Annotations = v)
        .Add("cgroup", CgroupState.Codec, x => x.Cgroup, (x, v) => x.Cgroup = v ?? new CgroupState())
        .Add("intelRdt", RdtState.Codec, x => x.IntelRdt, (x, v) => x.IntelRdt = v)
        .Add("systemdCgroup", JsonScalars.Boolean, x => x.SystemdCgroup, (x, v) => x.SystemdCgroup = v ?? false)
        .Add("rootless", JsonScalars.Boolean, x => x.Rootless, (x, v) => x.Rootless = v ?? false)
        .Add("poststart", Hull.Spec.Hooks.HookListCodec, x => x.Poststart, (x, v) => x.Poststart = v)
        .Add("poststop", Hull.Spec.Hooks.HookListCodec, x => x.Poststop, (x, v) => x.Poststop = v);

    public string Id { get; set; } = "";

    public ContainerPhase Phase { get; set; }

    public string Bundle { get; set; } = "";

    public string Rootfs { get; set; } = "";

    /// <summary>The init's pid as the host sees it; 0 until the native stage has forked it.</summary>
    public int InitPid { get; set; }

    /// <summary>The init's start time (clock ticks since boot), which with the pid names it beyond pid reuse.</summary>
    public ulong InitStartTime { get; set; }

    public DateTimeOffset Created { get; set; }

    public string Owner { get; set; } = "";

    public Dictionary<string, string>? Annotations { get; set; }

    /// <summary>The container's cgroup, as its manager needs it to be re-created.</summary>
    public CgroupState Cgroup { get; set; } = new();

    /// <summary>The container's resctrl groups (Intel RDT), where its config asks for them.</summary>
    public RdtState? IntelRdt { get; set; }

    public bool SystemdCgroup { get; set; }

    public bool Rootless { get; set; }

    /// <summary>The config's poststart hooks, kept here so that `start` need not read the whole config.</summary>
    public List<Hook>? Poststart { get; set; }

    /// <summary>The config's poststop hooks, kept here so that `delete` need not read the whole config.</summary>
    public List<Hook>? Poststop { get; set; }

    public ProcessIdentity Init => new(InitPid, InitStartTime);
}
