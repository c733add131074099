namespace Hull.Driver;

/// <summary>Settings of a <see cref="ContainerHost"/>: where state lives, which cgroup driver, which hull executable.</summary>
public sealed record HostOptions
{
    /// <summary>The runtime containers are run with: Hull (the default), or another runtime's binary.</summary>
    public ContainerBackend Backend { get; init; } = ContainerBackend.Hull;

    /// <summary>The state directory, shared with the `hull` command (runc's --root); Hull's backend only.</summary>
    public string Root { get; init; } = Hull.Runtime.Store.StateStore.DefaultRoot();

    /// <summary>Place containers in systemd scopes instead of cgroupfs directories.</summary>
    public bool SystemdCgroup { get; init; }

    /// <summary>
    /// Run as an unprivileged user (user namespaces, no cgroup unless delegated); by default where this process is not
    /// the host's root, as runc's --rootless=auto decides.
    /// </summary>
    public bool Rootless { get; init; } = Hull.Runtime.Privilege.Rootless;

    /// <summary>The resctrl filesystem containers' Intel RDT groups are made in; null: the host's mount.</summary>
    public Hull.Cgroups.ResctrlMount? Resctrl { get; init; }

    /// <summary>
    /// The `hull` executable that becomes each container's init and exec processes (its native stage must
    /// run before .NET does, so a .NET program cannot be its own). Null: $HULL_BINARY, then `hull` beside
    /// this program, then on $PATH.
    /// </summary>
    public string? HullExecutable { get; init; }
}
