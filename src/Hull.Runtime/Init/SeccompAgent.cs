using System.Text;
using Hull.Linux;
using Microsoft.Win32.SafeHandles;

namespace Hull.Runtime.Init;

/// <summary>Loads the seccomp filter and, with SCMP_ACT_NOTIFY rules, hands the notify descriptor to the agent at listenerPath.</summary>
internal static class SeccompAgent
{
    public static void LoadAndHandOver(Hull.Spec.LinuxSeccomp seccomp, InitConfig config)
    {
        int? notifyFd = SeccompSetup.Load(seccomp);
        if (notifyFd is not int fd)
            return;
        using var notify = new SafeFileHandle(fd, ownsHandle: true);
        if (config.SeccompListenerFd < 0)
            throw new HullException("seccomp: SCMP_ACT_NOTIFY needs linux.seccomp.listenerPath", ErrorKind.InvalidArgument);
        using var listener = new SafeFileHandle(config.SeccompListenerFd, ownsHandle: true);
        var state = new Hull.Spec.ContainerProcessState
        {
            OciVersion = RuntimeInfo.SpecVersion,
            Fds = ["seccompFd"],
            Pid = config.HostPid,
            Metadata = seccomp.ListenerMetadata,
            State = Hull.Spec.State.Parse(config.HookState),
        };
        byte[] payload = Encoding.UTF8.GetBytes(state.ToJson());
        Syscall.SendDescriptor(listener, notify, payload);
    }
}
