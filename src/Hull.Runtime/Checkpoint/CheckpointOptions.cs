namespace Hull.Runtime.Checkpoint;

/// <summary>What checkpoint and restore share: where CRIU's images and logs are, and what it may handle (runc's flags).</summary>
public abstract record CriuOptionsBase
{
    /// <summary>The image directory (made, 0700, by checkpoint).</summary>
    public required string ImagePath { get; init; }

    /// <summary>Where CRIU's log and work files go; null: the image directory.</summary>
    public string? WorkPath { get; init; }

    public bool TcpEstablished { get; init; }

    public bool ExtUnixSockets { get; init; }

    public bool ShellJob { get; init; }

    public bool FileLocks { get; init; }

    public bool LazyPages { get; init; }

    /// <summary>soft, full, strict or ignore; null: CRIU's default.</summary>
    public string? ManageCgroupsMode { get; init; }

    /// <summary>Namespaces CRIU makes empty instead of restoring (only "network", as runc takes it).</summary>
    public IReadOnlyList<string> EmptyNamespaces { get; init; } = [];

    public bool AutoDedup { get; init; }
}

/// <summary>Options of checkpoint.</summary>
public sealed record CheckpointOptions : CriuOptionsBase
{
    /// <summary>A pre-dump's image directory, relative to <see cref="CriuOptionsBase.ImagePath"/>.</summary>
    public string? ParentPath { get; init; }

    public bool LeaveRunning { get; init; }

    /// <summary>Dump the memory only, leaving the container running, for a later dump with <see cref="ParentPath"/>.</summary>
    public bool PreDump { get; init; }

    /// <summary>A descriptor of this process's that gets one \0 once lazy pages are served; -1: none.</summary>
    public int StatusFd { get; init; } = -1;

    /// <summary>ADDRESS:PORT of a page server the memory goes to.</summary>
    public string? PageServer { get; init; }
}

/// <summary>What restore adds to create's options.</summary>
public sealed record RestoreOptions : CriuOptionsBase
{
    /// <summary>TYPE:NAME of the LSM profile to restore with, instead of the checkpoint's.</summary>
    public string? LsmProfile { get; init; }

    public string? LsmMountContext { get; init; }
}
