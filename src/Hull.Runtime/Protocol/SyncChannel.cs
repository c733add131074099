using System.Text;
using Hull.Linux;
using Microsoft.Win32.SafeHandles;

namespace Hull.Runtime.Protocol;

/// <summary>
/// The whole parent/child protocol of create, run and exec, over one SOCK_SEQPACKET socketpair.
/// </summary>
/// <remarks>
/// <code>
///  hull (parent)                          native stage (bootstrap.c)      managed init / exec child
///  -------------                          --------------------------      -------------------------
///  spawn protected hull, env HULL_BOOTSTRAP_FD
///  Bootstrap ----------------------------> join/create namespaces (a new cgroup namespace excepted)
///            &lt;---------------------------- UsernsReady {pid}   (new user namespace only)
///  write uid/gid maps
///  MapsDone  ----------------------------> setresuid(0)
///            &lt;---------------------------- ChildPid {pid}     stage 0 exits
///  Config {json, descriptors} -----------------------------------------&gt; rootfs, mounts, devices
///  move it into cgroup2 hierarchies (meanwhile; the child joins v1 itself)
///            &lt;------------------------------------------------------- CreateRuntimeHooks (create, when waiting)
///  run prestart + createRuntime hooks
///  HooksDone ----------------------------------------------------------&gt; unshare(CLONE_NEWCGROUP),
///                                                                        createContainer hooks,
///                                                                        pivot_root, process checks
///            &lt;------------------------------------------------------- Ready
///  CgroupJoined (exec, when waiting) ----------------------------------&gt;
///  write state.json, exit (create)                                       create: wait on exec.fifo,
///  run: Start ---------------------------------------------------------&gt; or, under run, for Start;
///                                                                        then startContainer hooks;
///                                                                        all: execve
///  run, exec: listen until end-of-file (execve) or Error
///  The child waits for the parent (the two round trips) only when the configuration says so (WaitsForParent).
///  Any step may answer Error {message} instead; the parent then tears everything down.
/// </code>
/// Native packets carry binary payloads (see <see cref="BootstrapMessage"/>); managed ones carry UTF-8 text.
/// </remarks>
public sealed class SyncChannel : IDisposable
{
    private readonly SafeFileHandle _socket;

    public SyncChannel(SafeFileHandle socket)
    {
        _socket = socket;
    }

    public void Send(SyncMessage type, ReadOnlySpan<byte> payload = default) => Syscall.SendPacket(_socket, Packet(type, payload));

    public void Send(SyncMessage type, string text) => Send(type, Encoding.UTF8.GetBytes(text));

    /// <summary>Sends a packet with descriptors attached; the receiver takes them with <see cref="ExpectWithDescriptors"/>.</summary>
    public void Send(SyncMessage type, ReadOnlySpan<byte> payload, IReadOnlyList<System.Runtime.InteropServices.SafeHandle> descriptors) =>
        Syscall.SendWithDescriptors(_socket, Packet(type, payload), descriptors);

    private static byte[] Packet(SyncMessage type, ReadOnlySpan<byte> payload)
    {
        byte[] packet = new byte[payload.Length + 1];
        packet[0] = (byte)type;
        payload.CopyTo(packet.AsSpan(1));
        return packet;
    }

    /// <summary>Receives the next packet; a closed peer is reported as <see cref="SyncMessage.Closed"/>.</summary>
    public (SyncMessage Type, ReadOnlyMemory<byte> Payload) Receive()
    {
        byte[] packet = SizedForNextPacket();
        return Received(packet, packet.Length == 0 ? 0 : Syscall.ReceivePacket(_socket, packet));
    }

    /// <summary>
    /// A buffer of exactly the next packet's length (empty for a closed peer). Packets are a few bytes to the whole
    /// configuration, so each gets its own rather than every channel holding one for the largest.
    /// </summary>
    private byte[] SizedForNextPacket() => new byte[Syscall.NextPacketLength(_socket)];

    /// <summary>The packet of <paramref name="length"/> bytes received into <paramref name="packet"/>; 0 bytes is a closed peer.</summary>
    private static (SyncMessage Type, ReadOnlyMemory<byte> Payload) Received(byte[] packet, int length) =>
        length == 0 ? (SyncMessage.Closed, ReadOnlyMemory<byte>.Empty) : ((SyncMessage)packet[0], packet.AsMemory(1, length - 1));

    /// <summary>Receives a packet of the expected type; an Error packet or anything else becomes a <see cref="HullException"/>.</summary>
    public ReadOnlyMemory<byte> Expect(SyncMessage expected, string step)
    {
        var (type, payload) = Receive();
        if (type == expected)
            return payload;
        throw Unexpected(type, payload, step);
    }

    /// <summary>Waits for the child's execve: the socket is close-on-exec, so end-of-file means it succeeded, a message that it failed.</summary>
    public void ExpectExec(string step)
    {
        var (type, payload) = Receive();
        if (type != SyncMessage.Closed)
            throw Unexpected(type, payload, step);
    }

    /// <summary>
    /// As <see cref="Expect"/>, for a packet sent with descriptors: their numbers here, in the order they were sent,
    /// open (close-on-exec) and owned by the caller from now on.
    /// </summary>
    public (ReadOnlyMemory<byte> Payload, int[] Descriptors) ExpectWithDescriptors(SyncMessage expected, string step)
    {
        byte[] packet = SizedForNextPacket();
        var (n, handles) = packet.Length == 0 ? (0, Array.Empty<SafeFileHandle>()) : Syscall.ReceiveWithDescriptors(_socket, packet);
        int[] descriptors = [.. handles.Select(h => (int)h.DangerousGetHandle())];
        foreach (var handle in handles)
            handle.SetHandleAsInvalid();
        var (type, payload) = Received(packet, n);
        if (type == expected)
            return (payload, descriptors);
        foreach (int fd in descriptors)
            Syscall.CloseRaw(fd);
        throw Unexpected(type, payload, step);
    }

    public static HullException Unexpected(SyncMessage type, ReadOnlyMemory<byte> payload, string step) => type switch
    {
        SyncMessage.NativeError => new HullException($"{step}: {BootstrapMessage.DecodeError(payload.Span)}"),
        SyncMessage.Error => new HullException($"{step}: {Encoding.UTF8.GetString(payload.Span)}"),
        SyncMessage.Closed => new HullException($"{step}: the container process exited unexpectedly"),
        _ => new HullException($"{step}: unexpected message {type} from the container process"),
    };

    public void Dispose() => _socket.Dispose();
}

/// <summary>Packet types of <see cref="SyncChannel"/>. Values 1-5 are shared with native/bootstrap.c.</summary>
public enum SyncMessage : byte
{
    Closed = 0,
    Bootstrap = 1,
    UsernsReady = 2,
    MapsDone = 3,
    ChildPid = 4,
    NativeError = 5,
    Config = 10,
    CreateRuntimeHooks = 11,
    HooksDone = 12,
    Ready = 13,
    Error = 14,
    CgroupJoined = 15,
    Start = 16,
}
