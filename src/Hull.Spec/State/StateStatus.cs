namespace Hull.Spec;

/// <summary>The values of <see cref="State.Status"/> defined by the runtime specification.</summary>
public static class StateStatus
{
    /// <summary>The container is being created.</summary>
    public const string Creating = "creating";

    /// <summary>The container is created and waits for <c>start</c>.</summary>
    public const string Created = "created";

    /// <summary>The user process is running.</summary>
    public const string Running = "running";

    /// <summary>The user process has exited.</summary>
    public const string Stopped = "stopped";
}
