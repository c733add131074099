namespace Hull.Driver;

/// <summary>Something that happened to a container: the OOM killer struck, or a periodic stats sample.</summary>
public sealed record ContainerEvent(ContainerEventKind Kind, string ContainerId, ContainerStats? Stats);

/// <summary>What a <see cref="ContainerEvent"/> reports.</summary>
public enum ContainerEventKind
{
    /// <summary>The OOM killer killed a process of the container.</summary>
    Oom,

    /// <summary>A periodic usage sample, in <see cref="ContainerEvent.Stats"/>.</summary>
    Stats,
}
