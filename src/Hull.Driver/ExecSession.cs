using Hull.Cgroups;

namespace Hull.Driver;

/// <summary>A process started in a running container with <see cref="Container.Exec"/>.</summary>
public sealed class ExecSession : ContainerProcess
{
    internal ExecSession(int pid, ProcessIo io, Func<int, bool, ExitStatus> describeExit, OomWatcher? oom)
        : base(pid, io, describeExit, oom)
    {
    }
}
