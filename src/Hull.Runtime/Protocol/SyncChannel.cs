using System.Runtime.InteropServices;
using System.Text;
using Hull.Linux;
using Microsoft.Win32.SafeHandles;

namespace Hull.Runtime.Protocol;

/// <summary>
/// The transport under <see cref="ParentEnd"/> and <see cref="ChildEnd"/>: packets of one <see cref="SyncMessage"/>
/// byte and a payload, some with descriptors, over a SOCK_SEQPACKET socket.
/// </summary>
public sealed class SyncChannel : IDisposable
{
    private readonly SafeFileHandle _socket;

    public SyncChannel(SafeFileHandle socket)
    {
        _socket = socket;
    }

    public void Send(SyncMessage type, ReadOnlySpan<byte> payload = default) => Syscall.SendPacket(_socket, Packet(type, payload));

    public void Send(SyncMessage type, string text) => Send(type, Encoding.UTF8.GetBytes(text));

    /// <summary>Sends a packet with descriptors attached; the receiver takes them with <see cref="ReceiveWithDescriptors"/>.</summary>
    public void Send(SyncMessage type, ReadOnlySpan<byte> payload, IReadOnlyList<SafeHandle> descriptors) =>
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

    private static (SyncMessage Type, ReadOnlyMemory<byte> Payload) Received(byte[] packet, int length) =>
        length == 0 ? (SyncMessage.Closed, ReadOnlyMemory<byte>.Empty) : ((SyncMessage)packet[0], packet.AsMemory(1, length - 1));

    /// <summary>
    /// Receives a packet sent with descriptors: its payload, and the descriptors, in the order they were sent, open
    /// (close-on-exec) and owned by the caller from now on. A packet of another type is returned with none.
    /// </summary>
    public (SyncMessage Type, ReadOnlyMemory<byte> Payload, SafeFileHandle[] Descriptors) ReceiveWithDescriptors()
    {
        byte[] packet = SizedForNextPacket();
        var (n, handles) = packet.Length == 0 ? (0, Array.Empty<SafeFileHandle>()) : Syscall.ReceiveWithDescriptors(_socket, packet);
        var (type, payload) = Received(packet, n);
        return (type, payload, handles);
    }

    public void Dispose() => _socket.Dispose();
}
