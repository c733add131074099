using Hull.Linux;
using Microsoft.Win32.SafeHandles;
using Hull.Spec;

namespace Hull.Runtime.Parent;

/// <summary>
/// The seccomp agent's socket (linux.seccomp.listenerPath), connected by the parent while the host's paths
/// are visible, so the container child can hand its notify descriptor over once the filter is loaded.
/// </summary>
internal static class SeccompListener
{
    /// <summary>The agent's socket, when the profile hands syscalls to one and names it; otherwise none, as runc connects none.</summary>
    public static SafeFileHandle? Connect(LinuxSeccomp? seccomp)
    {
        if (seccomp is null or { IsEmpty: true })
            return null;
        if (!SeccompFilter.IsAvailable)
            throw new HullException("seccomp is configured but libseccomp.so.2 is not installed on this host", ErrorKind.InvalidArgument);
        if (!seccomp.Notifies || string.IsNullOrEmpty(seccomp.ListenerPath))
            return null;
        try
        {
            return Syscall.ConnectUnix(seccomp.ListenerPath);
        }
        catch (SyscallException e)
        {
            throw new HullException($"unable to start container process: failed to connect with seccomp agent specified in the seccomp profile: {GoNet.DialUnix(seccomp.ListenerPath, e.Errno)}", ErrorKind.InvalidArgument, e);
        }
    }
}
