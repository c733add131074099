using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using Hull.Linux;
using Hull.Spec.Json;

namespace Hull.Runtime.Protocol;

/// <summary>
/// The parent's end of the conversation with one container child (see <see cref="SyncMessage"/>), in the order it
/// happens: <see cref="Bootstrap"/> and <see cref="CompleteBootstrap"/> with the native stage, then
/// <see cref="SendConfig"/>, <see cref="ServeUntilReady"/>, <see cref="Run"/> and <see cref="ExpectCreated"/> with the
/// child, then <see cref="Start"/> and <see cref="ExpectEnd"/> where the parent stays. Whatever fails says which step
/// of the child's it was, in runc's words. Disposing an end not <see cref="Release"/>d kills what was started.
/// </summary>
public sealed class ParentEnd : IDisposable
{
    /// <summary>A configuration larger than this travels in a sealed memfd: a packet is limited by the socket's buffer.</summary>
    private const int InlineConfigLimit = 64 * 1024;

    private readonly int _stage0;
    private readonly SyncChannel _channel;
    private Action<int>? _writeIdMaps;
    private ChildRole _role;
    private bool _stageDone, _ready, _released, _disposed;

    internal ParentEnd(int stage0, SyncChannel channel)
    {
        _stage0 = stage0;
        _channel = channel;
    }

    /// <summary>The container process's pid as the host sees it, once the native stage has forked it (0 before).</summary>
    public int Pid { get; private set; }

    /// <summary>
    /// Tells the native stage the namespaces to join or create, and the cgroup2 directory to fork the container
    /// process into, if any (closed here once sent). Returns whether it is forked into that directory.
    /// </summary>
    /// <remarks><paramref name="writeIdMaps"/> writes the maps of a new user namespace, given the process that made it (null: none is made).</remarks>
    public bool Bootstrap(BootstrapMessage message, Action<int>? writeIdMaps, SafeHandle? forkDirectory)
    {
        using (forkDirectory)
        {
            if (forkDirectory is not null)
                message.IntoCgroup();
            // --debug names the protocol's steps in runc's words, which tools written for runc look for.
            RuntimeLog.Debug("nsexec container setup: bootstrap sent");
            _channel.Send(SyncMessage.Bootstrap, message.ToArray(), forkDirectory is null ? [] : [forkDirectory]);
            _writeIdMaps = writeIdMaps;
            return forkDirectory is not null;
        }
    }

    /// <summary>Writes the id maps when the stage asks for them, and waits for the container process's pid.</summary>
    public int CompleteBootstrap()
    {
        try
        {
            while (Pid == 0)
            {
                var (type, payload) = _channel.Receive();
                switch (type)
                {
                    case SyncMessage.UsernsReady when _writeIdMaps is { } writeIdMaps:
                        writeIdMaps(BinaryPrimitives.ReadInt32LittleEndian(payload.Span));
                        _channel.Send(SyncMessage.MapsDone);
                        break;
                    case SyncMessage.ChildPid:
                        Pid = BinaryPrimitives.ReadInt32LittleEndian(payload.Span);
                        RuntimeLog.Debug($"child process in init(): pid {Pid}");
                        break;
                    default:
                        throw Failure(type, payload);
                }
            }
            return Pid;
        }
        finally
        {
            _stageDone = true;
            Syscall.WaitPid(_stage0);
        }
    }

    /// <summary>Sends the configuration, with the descriptors its slots name.</summary>
    public void SendConfig(ChildConfig config, PassedDescriptors descriptors)
    {
        _role = config.Role;
        byte[] json = SpecJson.Write(config, ChildConfig.Codec, indented: false);
        if (json.Length <= InlineConfigLimit)
        {
            _channel.Send(SyncMessage.Config, [.. ConfigInline, .. json], descriptors.Handles);
            return;
        }
        using var memfd = Syscall.SealedMemfd(json);
        _channel.Send(SyncMessage.Config, ConfigInMemfd, [.. descriptors.Handles, memfd]);
    }

    internal static ReadOnlySpan<byte> ConfigInline => [1];

    private const string StartStep = "unable to start container process: ";
    private const string InitStep = StartStep + "error during container init: ";

    /// <summary>The first byte of an Error from the managed child or the last mile: which kind of step failed (see <see cref="Failure"/>).</summary>
    internal const byte InitStepFailure = 0, ProcessStepFailure = 1;

    internal static ReadOnlySpan<byte> ConfigInMemfd => [0];

    /// <summary>Serves the child until it reports Ready: runs the runtime's hooks when it asks for them.</summary>
    public void ServeUntilReady(Action? runtimeHooks = null)
    {
        while (!_ready)
        {
            var (type, payload) = _channel.Receive();
            switch (type)
            {
                case SyncMessage.CreateRuntimeHooks when runtimeHooks is not null:
                    RunBeforeReady(runtimeHooks);
                    _channel.Send(SyncMessage.HooksDone);
                    break;
                case SyncMessage.Ready:
                    _ready = true;
                    break;
                default:
                    throw Failure(type, payload);
            }
        }
    }

    /// <summary>What the parent does for the init before it is ready fails as the init's setup does, in runc's words.</summary>
    public static void RunBeforeReady(Action step)
    {
        try
        {
            step();
        }
        catch (HullException e)
        {
            throw new HullException(InitStep + e.Message, e.Kind, e);
        }
    }

    /// <summary>Tells an exec child that waits for it (<see cref="ChildConfig.WaitsForParent"/>) that it was moved into its cgroup.</summary>
    public void CgroupJoined() => _channel.Send(SyncMessage.CgroupJoined);

    /// <summary>Lets a child that waits after Ready (<see cref="ChildConfig.WaitsForRun"/>) go on.</summary>
    public void Run() => _channel.Send(SyncMessage.Run);

    /// <summary>Waits until the child has its identity, limits and filter and has found its program.</summary>
    public void ExpectCreated()
    {
        var (type, payload) = _channel.Receive();
        if (type != SyncMessage.Created)
            throw Failure(type, payload);
        RuntimeLog.Debug(_role == ChildRole.Init ? "init: closing the pipe to signal completion" : "setns_init: about to exec");
    }

    /// <summary>Lets a child that waits for Start on the channel (`run`) go on.</summary>
    public void Start() => _channel.Send(SyncMessage.Start);

    /// <summary>Waits for the end of the channel: the process exec'd (exec), or the init went on to it (run).</summary>
    public void ExpectEnd()
    {
        var (type, payload) = _channel.Receive();
        if (type != SyncMessage.Closed)
            throw Failure(type, payload);
    }

    /// <summary>The child lives on without this end: disposing no longer kills it.</summary>
    public void Release() => _released = true;

    /// <summary>
    /// What the child's answer says went wrong, worded as runc words the step: a failure of the init's own setup, before
    /// it was ready, is one "during container init"; the native stage's, the process's start and an exec's are not.
    /// </summary>
    private HullException Failure(SyncMessage type, ReadOnlyMemory<byte> payload)
    {
        // An init that died without a word (a filter's kill, a signal) once its setup was done: runc's words for it.
        if (type == SyncMessage.Closed && _ready && _role == ChildRole.Init)
            return new HullException("container process is already dead");
        bool initStep = _stageDone && !_ready && _role == ChildRole.Init
            && !(type == SyncMessage.Error && payload.Length > 0 && payload.Span[0] == ProcessStepFailure);
        string step = initStep ? InitStep : StartStep;
        string what = type switch
        {
            SyncMessage.NativeError => BootstrapMessage.DecodeError(payload.Span),
            SyncMessage.Error => payload.Length > 0 ? Encoding.UTF8.GetString(payload.Span[1..]) : "",
            SyncMessage.Closed => "the container process exited unexpectedly",
            _ => $"unexpected message {type} from the container process",
        };
        return new HullException(step + what);
    }

    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        if (!_stageDone)
        {
            _stageDone = true;
            Syscall.Kill(_stage0, Syscall.SIGKILL);
            Syscall.WaitPid(_stage0);
        }
        // Reaped here when this process is its subreaper (run, exec, a library host); else by whoever adopted it.
        if (Pid > 0 && !_released)
            Syscall.KillAndWait(Pid);
        _channel.Dispose();
    }
}
