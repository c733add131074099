using System.Buffers.Binary;
using Hull.Linux;
using Hull.Runtime.Init;
using Hull.Runtime.Process;
using Hull.Runtime.State;
using System.Runtime.InteropServices;

namespace Hull.Runtime.Lifecycle;

/// <summary>What the launcher needs to start a container child: namespaces, maps and descriptors.</summary>
public sealed class LaunchRequest
{
    public required Hull.Spec.RuntimeSpec Spec { get; init; }

    /// <summary>The hull executable to start; null for this process's own (see <see cref="RuntimeOptions.ChildBinary"/>).</summary>
    public string? Binary { get; init; }

    public ProcessStdio? Stdio { get; init; }

    public int PreserveFds { get; init; }

    /// <summary>Descriptors the child receives right after its sync socket (e.g. the exec FIFO, a console socket).</summary>
    public IReadOnlyList<SafeHandle> PassedFds { get; init; } = [];

}

/// <summary>A started child: its pid (in Hull's pid namespace), the channel to its managed side, and the numbers its passed descriptors have there.</summary>
public sealed record LaunchedChild(int Pid, SyncChannel Channel, IReadOnlyList<int> PassedFdNumbers);

/// <summary>
/// Starts hull (protected, see <see cref="ProtectedBinary"/>) as a container child and drives the native bootstrap stage
/// (see <see cref="SyncChannel"/>). It knows nothing of containers: it returns a pid and a channel.
/// </summary>
public static class ChildLauncher
{
    public static LaunchedChild Launch(LaunchRequest request)
    {
        var spec = request.Spec;
        var (stage0, channel, passed) = SpawnStage0(request);
        try
        {
            channel.Send(SyncMessage.Bootstrap, BuildBootstrap(spec).ToArray());
            int pid = CompleteBootstrap(channel, spec);
            return new LaunchedChild(pid, channel, passed);
        }
        catch
        {
            Syscall.Kill(stage0, Syscall.SIGKILL);
            channel.Dispose();
            throw;
        }
        finally
        {
            Syscall.WaitPid(stage0);
        }
    }

    /// <summary>
    /// Ends a child whose start failed. It is reaped when this process is its subreaper (a foreground run or
    /// exec, a library host); otherwise whoever adopted it does.
    /// </summary>
    public static void KillAndReap(int pid)
    {
        Syscall.Kill(pid, Syscall.SIGKILL);
        if (ProcessIdentity.Of(pid) is { } process)
            ProcessWaiter.WaitUntilGone(process);
        Syscall.TryReap(pid);
    }

    /// <summary>
    /// A user namespace with the given maps, opened for idmapped mounts: a child creates it and waits,
    /// the parent writes its maps, opens /proc/PID/ns/user and kills the child.
    /// </summary>
    public static Microsoft.Win32.SafeHandles.SafeFileHandle CreateUserNamespace(Hull.Spec.Linux mappings, string? binary)
    {
        var (stage0, channel, _) = SpawnStage0(new LaunchRequest { Spec = new Hull.Spec.RuntimeSpec(), Binary = binary });
        using (channel)
        {
            try
            {
                var message = new BootstrapMessage(Namespaces.CLONE_NEWUSER);
                message.Hold();
                channel.Send(SyncMessage.Bootstrap, message.ToArray());
                var payload = channel.Expect(SyncMessage.UsernsReady, "create user namespace for an idmapped mount");
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

    /// <summary>
    /// Spawns the protected hull binary with the requested stdio, its sync socket at 3 + preserveFds and the passed
    /// descriptors after it.
    /// </summary>
    private static (int Pid, SyncChannel Channel, int[] PassedNumbers) SpawnStage0(LaunchRequest request)
    {
        var passedFds = request.PassedFds;
        var (parentEnd, childEnd) = Syscall.SeqPacketPair();
        var channel = new SyncChannel(parentEnd);
        int syncFd = 3 + request.PreserveFds;
        int[] passed = [.. Enumerable.Range(syncFd + 1, passedFds.Count)];
        var binary = ProtectedBinary.Of(request.Binary ?? "/proc/self/exe");
        using (childEnd)
        {
            // Sources, and the binary the child execs through /proc/self/fd, are duplicated above every target
            // first, so that no dup2 in the child overwrites one that is still needed.
            int above = syncFd + 1 + passed.Length;
            int executable = Syscall.Dup(binary, above);
            var map = new List<(int From, int To)> { (Syscall.Dup(childEnd, above), syncFd) };
            for (int i = 0; i < passed.Length; i++)
                map.Add((Syscall.Dup(passedFds[i], above), passed[i]));
            SafeHandle?[] stdio = [request.Stdio?.Input, request.Stdio?.Output, request.Stdio?.Error];
            for (int fd = 0; fd < stdio.Length; fd++)
            {
                if (stdio[fd] is { } given)
                    map.Add((Syscall.Dup(given, above), fd));
            }
            try
            {
                int pid = Syscall.Spawn($"/proc/self/fd/{executable}", ["hull", "init"], [$"{ContainerInit.BootstrapFdVariable}={syncFd}"], map);
                return (pid, channel, passed);
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

    private static BootstrapMessage BuildBootstrap(Hull.Spec.RuntimeSpec spec)
    {
        ulong create = 0;
        var joins = new List<(ulong Flag, string Path)>();
        foreach (var ns in spec.Linux?.Namespaces ?? [])
        {
            ulong flag = Namespaces.Flag(ns.Type ?? "");
            // A new cgroup namespace is rooted where its creator is, so the init creates it itself once the
            // parent has moved it into the container's cgroup (see ContainerInit).
            if (flag == Namespaces.CLONE_NEWCGROUP && string.IsNullOrEmpty(ns.Path))
                continue;
            if (string.IsNullOrEmpty(ns.Path))
                create |= flag;
            else
                joins.Add((flag, ns.Path));
        }
        var message = new BootstrapMessage(create);
        if (spec.Linux?.Seccomp is not null)
            message.Preload(SeccompFilter.LibraryName);
        foreach (var (flag, path) in joins)
            message.Join(flag, path);
        if (spec.Process?.OomScoreAdj is int oom)
            message.OomScoreAdj(oom);
        if (spec.Linux?.TimeOffsets is { Count: > 0 } offsets)
            message.TimeOffsets(string.Concat(offsets.Select(o => $"{o.Key} {o.Value.Secs ?? 0} {o.Value.Nanosecs ?? 0}\n")));
        return message;
    }

    private static int CompleteBootstrap(SyncChannel channel, Hull.Spec.RuntimeSpec spec)
    {
        while (true)
        {
            var (type, payload) = channel.Receive();
            switch (type)
            {
                case SyncMessage.UsernsReady:
                    IdMaps.Write(BinaryPrimitives.ReadInt32LittleEndian(payload.Span), spec.Linux);
                    channel.Send(SyncMessage.MapsDone);
                    break;
                case SyncMessage.ChildPid:
                    return BinaryPrimitives.ReadInt32LittleEndian(payload.Span);
                default:
                    throw SyncChannel.Unexpected(type, payload, "start container process");
            }
        }
    }
}
