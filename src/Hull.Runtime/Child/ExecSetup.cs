using Hull.Runtime.Protocol;

namespace Hull.Runtime.Child;

/// <summary>What a process exec'd into a running container does before its last mile: join the cgroup, get a terminal.</summary>
internal static class ExecSetup
{
    public static LastMileMessage Prepare(ChildConfig config, ChildEnd end, int parent)
    {
        var process = config.Spec.Process ?? throw new HullException("process property must not be empty", ErrorKind.InvalidArgument);
        // It joins the v1 hierarchies itself; where the parent moves it into others meanwhile, it waits for word.
        CgroupSelfJoin.Join(config.CgroupTaskFds);
        CgroupSelfJoin.Join(config.RdtTaskFds, "resctrl group");
        if (config.WaitsForParent)
            end.AwaitCgroupJoined();
        return ProcessPreparation.Prepare(process, config, end, parent);
    }
}
