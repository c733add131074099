using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Hull.Linux;

namespace Hull.Driver.Monitor;

/// <summary>What a frame on the attach socket carries.</summary>
internal enum AttachFrameType : byte
{
    /// <summary>Client to monitor: bytes for the container's stdin (or terminal).</summary>
    Stdin = 0,

    /// <summary>Monitor to client: container output.</summary>
    Stdout = 1,

    /// <summary>Monitor to client: container output on stderr.</summary>
    Stderr = 2,

    /// <summary>Client to monitor: a new terminal size, rows then columns (two 16-bit big-endian numbers).</summary>
    Resize = 3,

    /// <summary>Client to monitor: close the container's stdin.</summary>
    CloseStdin = 4,

    /// <summary>Monitor to client: the init has exited; the payload is the exit record's JSON.</summary>
    Exit = 5,
}

/// <summary>
/// The attach protocol: each frame is a type byte, a 32-bit big-endian length and the payload, in both
/// directions on one unix stream socket.
/// </summary>
internal static class AttachFrame
{
    private const int MaxPayload = 1 << 20;

    /// <summary>Sends one frame in one write, so frames from several threads do not interleave.</summary>
    public static void Write(SafeHandle socket, AttachFrameType type, ReadOnlySpan<byte> payload) =>
        Syscall.Write(socket, Encode(type, payload));

    /// <summary>A frame's bytes.</summary>
    public static byte[] Encode(AttachFrameType type, ReadOnlySpan<byte> payload)
    {
        byte[] frame = new byte[5 + payload.Length];
        frame[0] = (byte)type;
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(1), payload.Length);
        payload.CopyTo(frame.AsSpan(5));
        return frame;
    }

    /// <summary>The frame at the start of <paramref name="data"/> and the bytes it takes; null until all of it is there.</summary>
    public static (AttachFrameType Type, byte[] Payload, int Length)? Decode(ReadOnlySpan<byte> data)
    {
        if (data.Length < 5)
            return null;
        int length = BinaryPrimitives.ReadInt32BigEndian(data[1..]);
        if (length is < 0 or > MaxPayload)
            throw new InvalidDataException($"attach frame of {length} bytes");
        if (data.Length < 5 + length)
            return null;
        return ((AttachFrameType)data[0], data.Slice(5, length).ToArray(), 5 + length);
    }

    /// <summary>The next frame, or null at end of stream.</summary>
    public static (AttachFrameType Type, byte[] Payload)? Read(SafeHandle socket)
    {
        byte[] header = new byte[5];
        if (!ReadExactly(socket, header))
            return null;
        int length = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(1));
        if (length is < 0 or > MaxPayload)
            throw new InvalidDataException($"attach frame of {length} bytes");
        byte[] payload = new byte[length];
        if (!ReadExactly(socket, payload))
            return null;
        return ((AttachFrameType)header[0], payload);
    }

    private static bool ReadExactly(SafeHandle socket, byte[] buffer)
    {
        int read = 0;
        while (read < buffer.Length)
        {
            int n = Syscall.Read(socket, buffer.AsSpan(read)) ?? 0;
            if (n == 0)
                return false;
            read += n;
        }
        return true;
    }
}
