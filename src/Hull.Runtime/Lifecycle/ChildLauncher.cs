using System.Buffers.Binary;
using Hull.Cgroups;
using Hull.Linux;
using Hull.Runtime.Init;
using Hull.Runtime.Process;
using Microsoft.Win32.SafeHandles;

namespace Hull.Runtime.Lifecycle;

/// <summary>What the launcher needs to start a container child: namespaces, maps and descriptors.</summary>
public sealed class LaunchRequest
{
    public required Hull.Spec.RuntimeSpec Spec { get; init; }

    public int PreserveFds { get; init; }

    /// <summary>An O_PATH descriptor of the exec FIFO the init will wait on, if any.</summary>
    public SafeFileHandle? ExecFifo { get; init; }

    public ICgroupManager? Cgroup { get; init; }
}

/// <summary>A started child: its pid (in Hull's pid namespace) and the channel to its managed side.</summary>
public sealed record LaunchedChild(int Pid, SyncChannel Channel, int FifoFd);

/// <summary>
/// Starts a sealed copy of hull as a container child and drives the native bootstrap stage
/// (see <see cref="SyncChannel"/>). It knows nothing of containers: it returns a pid and a channel.
/// </summary>
public static class ChildLauncher
{
    public static LaunchedChild Launch(LaunchRequest request)
    {
        var spec = request.Spec;
        var (parentEnd, childEnd) = Syscall.SeqPacketPair();
        var channel = new SyncChannel(parentEnd);
        int stage0;
        int syncFd = 3 + request.PreserveFds;
        int fifoFd = request.ExecFifo is null ? -1 : syncFd + 1;
        using (childEnd)
        using (var binary = Syscall.SealedCopyOfSelf())
        {
            var map = new List<(int From, int To)> { (Syscall.Dup(childEnd, 100), syncFd) };
            if (request.ExecFifo is not null)
                map.Add((Syscall.Dup(request.ExecFifo, 100), fifoFd));
            try
            {
                stage0 = Syscall.Spawn(Syscall.ProcFdPath(binary), ["hull", "init"], [$"{ContainerInit.BootstrapFdVariable}={syncFd}"], map);
            }
            finally
            {
                foreach (var (from, _) in map)
                    Syscall.CloseRaw(from);
            }
        }
        try
        {
            request.Cgroup?.Apply(stage0);
            channel.Send(SyncMessage.Bootstrap, BuildBootstrap(spec).ToArray());
            int pid = CompleteBootstrap(channel, spec);
            return new LaunchedChild(pid, channel, fifoFd);
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

    private static BootstrapMessage BuildBootstrap(Hull.Spec.RuntimeSpec spec)
    {
        ulong create = 0;
        var joins = new List<(ulong Flag, string Path)>();
        foreach (var ns in spec.Linux?.Namespaces ?? [])
        {
            ulong flag = Namespaces.Flag(ns.Type ?? "");
            if (string.IsNullOrEmpty(ns.Path))
                create |= flag;
            else
                joins.Add((flag, ns.Path));
        }
        var message = new BootstrapMessage(create);
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
