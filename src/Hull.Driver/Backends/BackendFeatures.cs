namespace Hull.Driver.Backends;

/// <summary>What a backend can do beyond create, start, signal, wait and delete, which every backend does.</summary>
public sealed record BackendFeatures
{
    /// <summary>Freezing and thawing the container (pause, resume).</summary>
    public required bool Pause { get; init; }

    /// <summary>Changing resources of a running container.</summary>
    public required bool Update { get; init; }

    /// <summary>Intel RDT schemas in <see cref="Container.Update"/>.</summary>
    public required bool IntelRdt { get; init; }

    /// <summary>The OOM killer's kills seen in exit statuses and events (needs the container's memory cgroup).</summary>
    public required bool OomKills { get; init; }

    /// <summary>Resource usage (<see cref="Container.Stats"/>, stats events).</summary>
    public required bool Stats { get; init; }
}
