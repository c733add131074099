namespace Hull.Runtime.Store;

/// <summary>The OCI lifecycle states.</summary>
public enum ContainerStatus
{
    Creating,
    Created,
    Running,
    Paused,
    Stopped,
}

public static class ContainerStatusText
{
    /// <summary>The lowercase name the OCI state and runc's output use.</summary>
    public static string ToText(this ContainerStatus status) => status switch
    {
        ContainerStatus.Creating => "creating",
        ContainerStatus.Created => "created",
        ContainerStatus.Running => "running",
        ContainerStatus.Paused => "paused",
        _ => "stopped",
    };
}
