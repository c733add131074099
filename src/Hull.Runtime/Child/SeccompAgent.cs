using Hull.Runtime.Protocol;
using System.Text;
using Hull.Linux;
using Microsoft.Win32.SafeHandles;
using Hull.Spec;

namespace Hull.Runtime.Child;

/// <summary>Loads the seccomp filter and, with SCMP_ACT_NOTIFY rules, hands the notify descriptor to the agent at listenerPath.</summary>
internal static class SeccompAgent
{
    public static void LoadAndHandOver(LinuxSeccomp seccomp, ChildConfig config)
    {
        int? notifyFd = SeccompSetup.Load(seccomp);
        if (notifyFd is not int fd)
            return;
        using var notify = new SafeFileHandle(fd, ownsHandle: true);
        if (config.SeccompListenerFd < 0)
            throw new HullException("seccomp: SCMP_ACT_NOTIFY needs linux.seccomp.listenerPath", ErrorKind.InvalidArgument);
        using var listener = new SafeFileHandle(config.SeccompListenerFd, ownsHandle: true);
        var state = new ContainerProcessState
        {
            OciVersion = RuntimeInfo.SpecVersion,
            Fds = ["seccompFd"],
            Pid = config.HostPid,
            Metadata = seccomp.ListenerMetadata,
            State = State.Parse(config.HookState),
        };
        byte[] payload = Encoding.UTF8.GetBytes(state.ToJson());
        Syscall.SendDescriptor(listener, notify, payload);
    }
}
