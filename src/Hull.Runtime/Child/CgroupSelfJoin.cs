using Hull.Linux;
using Microsoft.Win32.SafeHandles;

namespace Hull.Runtime.Child;

/// <summary>
/// The child's main thread moves itself into the container's v1 cgroups and resctrl groups, through the <c>tasks</c>
/// files the parent opened (see <see cref="Hull.Cgroups.ICgroupManager.OpenSelfJoin"/>,
/// <see cref="Hull.Cgroups.IntelRdtManager.OpenTaskFiles"/>). Only this thread moves: the runtime's helper threads
/// stay behind and end at execve, which leaves exactly this thread as the container's process.
/// </summary>
internal static class CgroupSelfJoin
{
    /// <summary>Joins through each file in turn; <paramref name="what"/> names the groups in an error.</summary>
    public static void Join(IReadOnlyList<int> taskFds, string what = "cgroup")
    {
        foreach (int fd in taskFds)
        {
            using var tasks = new SafeFileHandle(fd, ownsHandle: true);
            try
            {
                Syscall.Write(tasks, "0"u8);
            }
            catch (SyscallException e)
            {
                throw new HullException($"join the container's {what}: {e.Message}", ErrorKind.Failed, e);
            }
        }
    }
}
