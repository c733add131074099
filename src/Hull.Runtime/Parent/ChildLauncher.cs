using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Hull.Linux;
using Hull.Runtime.Protocol;
using Microsoft.Win32.SafeHandles;
using LinuxConfig = Hull.Spec.Linux;

namespace Hull.Runtime.Parent;

/// <summary>What the launcher needs to start a container child: the binary, its stdio and preserved descriptors.</summary>
public sealed class LaunchRequest
{
    /// <summary>What the child is for, shown by ps as "hull:[role]" until it execs: "init", "exec" or "userns".</summary>
    public required string Role { get; init; }

    /// <summary>The hull executable to start; null for this process's own (see <see cref="RuntimeOptions.ChildBinary"/>).</summary>
    public string? Binary { get; init; }

    public ProcessStdio? Stdio { get; init; }

    /// <summary>Sockets passed by systemd socket activation, from fd 3 on.</summary>
    public int ListenFds { get; init; }

    /// <summary>Descriptors the caller asks to be passed on, after the activation sockets.</summary>
    public int PreserveFds { get; init; }

    /// <summary>Every descriptor beyond stdio the child inherits.</summary>
    public int InheritedFds => ListenFds + PreserveFds;
}

/// <summary>
/// Starts hull, protected (see <see cref="ProtectedBinary"/>), as a container child: the process execs and loads while
/// the caller prepares the rest, and waits in its native stage for the namespaces to enter (see <see cref="ParentEnd"/>).
/// </summary>
public static class ChildLauncher
{
    /// <summary>
    /// Spawns the child; the returned end speaks to its native stage, then to the child. This process becomes a child
    /// subreaper, so that the container process, forked by the stage, is its child once the stage is reaped: the
    /// process waits for it, and the last mile knows its parent.
    /// </summary>
    public static ParentEnd Spawn(LaunchRequest request)
    {
        CheckPreserved(request);
        Syscall.SetChildSubreaper();
        var (stage0, channel) = SpawnStage0(request);
        return new ParentEnd(stage0, channel);
    }

    /// <summary>
    /// A user namespace with the given maps, opened for idmapped mounts: a child creates it and waits, the parent
    /// writes its maps, opens /proc/PID/ns/user and kills the child.
    /// </summary>
    public static SafeFileHandle CreateUserNamespace(LinuxConfig mappings, string? binary)
    {
        var (stage0, channel) = SpawnStage0(new LaunchRequest { Role = "userns", Binary = binary });
        using (channel)
        {
            try
            {
                var message = new BootstrapMessage(Namespaces.CLONE_NEWUSER);
                message.Hold();
                channel.Send(SyncMessage.Bootstrap, message.ToArray());
                var (type, payload) = channel.Receive();
                if (type != SyncMessage.UsernsReady)
                    throw new HullException($"create user namespace for an idmapped mount: {(type == SyncMessage.NativeError ? BootstrapMessage.DecodeError(payload.Span) : "the helper exited")}");
                IdMaps.Write(BinaryPrimitives.ReadInt32LittleEndian(payload.Span), mappings);
                return Syscall.Open($"/proc/{stage0}/ns/user", Syscall.O_RDONLY | Syscall.O_CLOEXEC);
            }
            finally
            {
                Syscall.Kill(stage0, Syscall.SIGKILL);
                Syscall.WaitPid(stage0);
            }
        }
    }

    /// <summary>Each descriptor to preserve must be open, as runc checks it (numbered from the first after the activation sockets).</summary>
    private static void CheckPreserved(LaunchRequest request)
    {
        int first = 3 + request.ListenFds;
        for (int fd = first; fd < first + request.PreserveFds; fd++)
        {
            if (Syscall.TryStat($"/proc/self/fd/{fd}") is null)
                throw new HullException($"unable to stat preserved-fd {fd - first} (of {request.PreserveFds}): stat /proc/self/fd/{fd}: no such file or directory", ErrorKind.InvalidArgument);
        }
    }

    /// <summary>Spawns the protected hull binary with the requested stdio and its sync socket at 3 + preserveFds.</summary>
    private static (int Pid, SyncChannel Channel) SpawnStage0(LaunchRequest request)
    {
        var (parentEnd, childEnd) = Syscall.SeqPacketPair();
        var channel = new SyncChannel(parentEnd);
        int syncFd = 3 + request.InheritedFds;
        var binary = ProtectedBinary.Of(request.Binary ?? "/proc/self/exe");
        using (childEnd)
        {
            // Sources, and the binary the child execs through /proc/self/fd, are duplicated above every target
            // first, so that no dup2 in the child overwrites one that is still needed.
            int above = syncFd + 1;
            int executable = Syscall.Dup(binary, above);
            var map = new List<(int From, int To)> { (Syscall.Dup(childEnd, above), syncFd) };
            SafeHandle?[] stdio = [request.Stdio?.Input, request.Stdio?.Output, request.Stdio?.Error];
            for (int fd = 0; fd < stdio.Length; fd++)
            {
                if (stdio[fd] is { } given)
                    map.Add((Syscall.Dup(given, above), fd));
            }
            try
            {
                int pid = Syscall.Spawn($"/proc/self/fd/{executable}", ["hull", request.Role], [$"{ChildEnd.DescriptorVariable}={syncFd}"], map);
                return (pid, channel);
            }
            catch
            {
                channel.Dispose();
                throw;
            }
            finally
            {
                Syscall.CloseRaw(executable);
                foreach (var (from, _) in map)
                    Syscall.CloseRaw(from);
            }
        }
    }
}
