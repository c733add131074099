namespace Hull.Driver;

/// <summary>A process started in a running container with <see cref="Container.Exec"/>.</summary>
public sealed class ExecSession : ContainerProcess
{
    internal ExecSession(int pid, ProcessIo io, Func<int, ExitStatus> describeExit)
        : base(pid, io, describeExit)
    {
    }
}
