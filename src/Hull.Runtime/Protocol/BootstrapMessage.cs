using System.Buffers.Binary;
using System.Text;

namespace Hull.Runtime.Protocol;

/// <summary>
/// Encodes the BOOTSTRAP packet read by native/bootstrap.c: records of u16 type, u16 length, payload
/// (native byte order), and decodes its ERROR packet.
/// </summary>
public sealed class BootstrapMessage
{
    private const ushort RecordCloneFlags = 1;
    private const ushort RecordJoin = 2;
    private const ushort RecordTimeOffsets = 3;
    private const ushort RecordOomScoreAdj = 4;
    private const ushort RecordHold = 5;
    private const ushort RecordIntoCgroup = 7;

    private readonly MemoryStream _records = new();

    public BootstrapMessage(ulong cloneFlags)
    {
        Span<byte> value = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(value, cloneFlags);
        Add(RecordCloneFlags, value);
    }

    public void Join(ulong namespaceFlag, string path)
    {
        byte[] pathBytes = Encoding.UTF8.GetBytes(path);
        byte[] value = new byte[4 + pathBytes.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(value, (uint)namespaceFlag);
        pathBytes.CopyTo(value, 4);
        Add(RecordJoin, value);
    }

    public void TimeOffsets(string text) => Add(RecordTimeOffsets, Encoding.ASCII.GetBytes(text));

    public void OomScoreAdj(int value) => Add(RecordOomScoreAdj, Encoding.ASCII.GetBytes(value.ToString()));

    /// <summary>Makes the child only create its user namespace and wait, so the parent can open it.</summary>
    public void Hold() => Add(RecordHold, []);

    /// <summary>The packet carries a cgroup2 directory the container process is forked into (CLONE_INTO_CGROUP).</summary>
    public void IntoCgroup() => Add(RecordIntoCgroup, []);

    public byte[] ToArray() => _records.ToArray();

    public static string DecodeError(ReadOnlySpan<byte> payload)
    {
        if (payload.Length < 4)
            return "bootstrap failed";
        return Encoding.UTF8.GetString(payload[4..]);
    }

    private void Add(ushort type, ReadOnlySpan<byte> value)
    {
        if (value.Length > ushort.MaxValue)
            throw new HullException($"bootstrap record {type} is too large", ErrorKind.InvalidArgument);
        Span<byte> header = stackalloc byte[4];
        BinaryPrimitives.WriteUInt16LittleEndian(header, type);
        BinaryPrimitives.WriteUInt16LittleEndian(header[2..], (ushort)value.Length);
        _records.Write(header);
        _records.Write(value);
    }
}
