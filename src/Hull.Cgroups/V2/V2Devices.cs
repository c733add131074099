using Hull.Linux;
using Hull.Spec;

namespace Hull.Cgroups;

/// <summary>Device rules on cgroup v2: a new filter program is attached (BPF_F_ALLOW_MULTI), then the ones Hull attached before are detached.</summary>
internal static class V2Devices
{
    public static void Set(string dir, IReadOnlyList<LinuxDeviceCgroup> rules)
    {
        byte[] code = DeviceFilter.Encode(DeviceFilter.Build(rules));
        try
        {
            using var cgroup = Syscall.Open(dir, Syscall.O_RDONLY | Syscall.O_DIRECTORY | Syscall.O_CLOEXEC);
            uint[] old = Syscall.BpfProgramQuery(cgroup, Syscall.BPF_CGROUP_DEVICE);
            using var program = Syscall.BpfProgramLoad(Syscall.BPF_PROG_TYPE_CGROUP_DEVICE, code, "Apache");
            Syscall.BpfProgramAttach(cgroup, program, Syscall.BPF_CGROUP_DEVICE, Syscall.BPF_F_ALLOW_MULTI);
            foreach (uint id in old)
            {
                using var previous = Syscall.BpfProgramById(id);
                Syscall.BpfProgramDetach(cgroup, previous, Syscall.BPF_CGROUP_DEVICE);
            }
        }
        catch (SyscallException e)
        {
            throw new CgroupException($"set device rules of {dir}: {e.Message}", e);
        }
    }
}
