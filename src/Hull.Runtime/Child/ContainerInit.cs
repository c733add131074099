using Hull.Linux;
using Hull.Runtime.Protocol;

namespace Hull.Runtime.Child;

/// <summary>
/// The managed side of a container child, init or exec. It runs in the final child of the native bootstrap stage,
/// already inside the container's namespaces, prepares everything, and hands the last steps to the native last mile,
/// which execs the container's process (see <see cref="SyncMessage"/>).
/// </summary>
public static class ContainerInit
{
    /// <summary>True when this process was started by Hull as a container's init or exec child.</summary>
    public static bool IsContainerChild => ChildEnd.InContainerChild;

    /// <summary>Sets up and execs the container's process; returns only on failure, with an exit code.</summary>
    public static int Run()
    {
        using var end = ChildEnd.Open();
        try
        {
            var config = end.ReceiveConfig();
            // The native stage is reaped by now, and this process adopted by the runtime that spoke to it (or, in a new
            // pid namespace, its parent is outside and reads as 0): the last mile makes sure that is still so at the end.
            int parent = Syscall.ParentPid();
            var message = config.Role == ChildRole.Init ? InitSetup.Prepare(config, end, parent) : ExecSetup.Prepare(config, end, parent);
            LastMile.Enter(message);
        }
        catch (ParentGoneException)
        {
        }
        catch (ProcessStartException e)
        {
            end.ReportFailure(e.Message, initStep: false);
        }
        catch (Exception e)
        {
            end.ReportFailure(e.Message, initStep: true);
        }
        return 1;
    }
}
