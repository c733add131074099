using System.Buffers.Binary;
using Hull.Linux;
using Hull.Runtime.Child;
using Hull.Runtime.Protocol;
using Hull.Runtime.Store;
using System.Runtime.InteropServices;
using Hull.Spec;
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

    public int PreserveFds { get; init; }
}

/// <summary>A started child: its pid (in Hull's pid namespace) and the channel to its managed side.</summary>
public sealed record LaunchedChild(int Pid, SyncChannel Channel);

/// <summary>
/// A child on its way: spawned first, so that its exec and its runtime's start (milliseconds) overlap with what the
/// caller does meanwhile; then told its namespaces (<see cref="Bootstrap"/>), then waited for (<see cref="Complete"/>).
/// Disposing before it completed kills whatever was started.
/// </summary>
public sealed class StartingChild : IDisposable
{
    private readonly int _stage0;
    private readonly SyncChannel _channel;
    private RuntimeSpec? _spec;
    private bool _ended;

    internal StartingChild(int stage0, SyncChannel channel)
    {
        _stage0 = stage0;
        _channel = channel;
    }

    /// <summary>
    /// Sends the native stage the namespaces to join or create, from <paramref name="spec"/>, and the cgroup2
    /// directory to fork the container process into, if any (see <see cref="Hull.Cgroups.ICgroupManager.OpenForkDirectory"/>),
    /// which is closed here once sent. Returns whether the process is forked into that directory.
    /// </summary>
    public bool Bootstrap(RuntimeSpec spec, SafeHandle? forkDirectory = null)
    {
        using (forkDirectory)
        {
            var message = ChildLauncher.BuildBootstrap(spec);
            if (forkDirectory is not null)
                message.IntoCgroup();
            _channel.Send(SyncMessage.Bootstrap, message.ToArray(), forkDirectory is null ? [] : [forkDirectory]);
            _spec = spec;
            return forkDirectory is not null;
        }
    }

    /// <summary>Writes the id maps when the stage asks for them, and waits for the pid of the container process.</summary>
    public LaunchedChild Complete()
    {
        var spec = _spec ?? throw new InvalidOperationException("the child was not told its namespaces");
        _ended = true;
        try
        {
            return new LaunchedChild(ChildLauncher.CompleteBootstrap(_channel, spec), _channel);
        }
        catch
        {
            Syscall.Kill(_stage0, Syscall.SIGKILL);
            _channel.Dispose();
            throw;
        }
        finally
        {
            Syscall.WaitPid(_stage0);
        }
    }

    /// <summary>Ends a start that was not completed, the container process included when the stage forked it already.</summary>
    public void Dispose()
    {
        if (_ended)
            return;
        if (_spec is null)
        {
            _ended = true;
            Syscall.Kill(_stage0, Syscall.SIGKILL);
            Syscall.WaitPid(_stage0);
            _channel.Dispose();
            return;
        }
        LaunchedChild child;
        try
        {
            child = Complete();
        }
        catch (Exception e) when (e is HullException or SyscallException)
        {
            return;
        }
        ChildLauncher.KillAndReap(child.Pid);
        child.Channel.Dispose();
    }
}

/// <summary>
/// Starts hull (protected, see <see cref="ProtectedBinary"/>) as a container child and drives the native bootstrap stage
/// (see <see cref="SyncChannel"/>). It knows nothing of containers: it returns a pid and a channel.
/// </summary>
public static class ChildLauncher
{
    /// <summary>Spawns the child, whose native stage then waits for <see cref="StartingChild.Bootstrap"/>.</summary>
    public static StartingChild Spawn(LaunchRequest request)
    {
        var (stage0, channel) = SpawnStage0(request);
        return new StartingChild(stage0, channel);
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
    public static Microsoft.Win32.SafeHandles.SafeFileHandle CreateUserNamespace(LinuxConfig mappings, string? binary)
    {
        var (stage0, channel) = SpawnStage0(new LaunchRequest { Role = "userns", Binary = binary });
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

    /// <summary>Spawns the protected hull binary with the requested stdio and its sync socket at 3 + preserveFds.</summary>
    private static (int Pid, SyncChannel Channel) SpawnStage0(LaunchRequest request)
    {
        var (parentEnd, childEnd) = Syscall.SeqPacketPair();
        var channel = new SyncChannel(parentEnd);
        int syncFd = 3 + request.PreserveFds;
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
                int pid = Syscall.Spawn($"/proc/self/fd/{executable}", ["hull", request.Role], [$"{ContainerInit.BootstrapFdVariable}={syncFd}"], map);
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

    internal static BootstrapMessage BuildBootstrap(RuntimeSpec spec)
    {
        ulong create = 0;
        var joins = new List<(ulong Flag, string Path)>();
        foreach (var ns in spec.Linux?.Namespaces ?? [])
        {
            ulong flag = Namespaces.Flag(ns.Type ?? "");
            // A new cgroup namespace is rooted where its creator is, so the init creates it itself once it is
            // in the container's cgroup (see ContainerInit).
            if (flag == Namespaces.CLONE_NEWCGROUP && string.IsNullOrEmpty(ns.Path))
                continue;
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

    internal static int CompleteBootstrap(SyncChannel channel, RuntimeSpec spec)
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
