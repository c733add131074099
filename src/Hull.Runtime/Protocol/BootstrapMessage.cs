using System.Buffers.Binary;
using System.Text;
using Hull.Spec;

namespace Hull.Runtime.Protocol;

/// <summary>
/// Encodes the BOOTSTRAP packet read by native/bootstrap.c: records of u16 type, u16 length, payload
/// (little-endian), and decodes its ERROR packet.
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

    /// <summary>
    /// What the native stage does for <paramref name="spec"/>: the namespaces to create and those to join (a new cgroup
    /// namespace excepted: it is rooted where its creator is, so the init creates it once in its cgroup), the OOM score
    /// and the time namespace's offsets.
    /// </summary>
    public static BootstrapMessage For(RuntimeSpec spec)
    {
        ulong create = 0;
        var joins = new List<(ulong Flag, string Path)>();
        foreach (var ns in spec.Linux?.Namespaces ?? [])
        {
            ulong flag = Namespaces.Flag(ns.Type ?? "");
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
