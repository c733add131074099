using System.Text;

namespace Hull.Runtime.Checkpoint;

/// <summary>
/// Protocol Buffers' wire format, as far as CRIU's RPC messages use it: varints, and length-delimited strings and
/// messages. Written by hand because the whole protocol is a few messages, and hull's binary stays free of a
/// generated-code runtime.
/// </summary>
internal sealed class ProtoWriter
{
    private const int Varint = 0;
    private const int LengthDelimited = 2;

    private readonly List<byte> _bytes = [];

    public byte[] ToArray() => [.. _bytes];

    public ProtoWriter Int(int field, long? value)
    {
        if (value is long v)
        {
            Tag(field, Varint);
            RawVarint((ulong)v);
        }
        return this;
    }

    public ProtoWriter Bool(int field, bool value) => value ? Int(field, 1) : this;

    public ProtoWriter String(int field, string? value) => value is null ? this : Bytes(field, Encoding.UTF8.GetBytes(value));

    public ProtoWriter Strings(int field, IEnumerable<string>? values)
    {
        foreach (string value in values ?? [])
            String(field, value);
        return this;
    }

    public ProtoWriter Message(int field, ProtoWriter? message) => message is null ? this : Bytes(field, message.ToArray());

    private ProtoWriter Bytes(int field, byte[] value)
    {
        Tag(field, LengthDelimited);
        RawVarint((ulong)value.Length);
        _bytes.AddRange(value);
        return this;
    }

    private void Tag(int field, int wireType) => RawVarint(((ulong)field << 3) | (uint)wireType);

    private void RawVarint(ulong value)
    {
        while (value >= 0x80)
        {
            _bytes.Add((byte)(value | 0x80));
            value >>= 7;
        }
        _bytes.Add((byte)value);
    }
}

/// <summary>Reads the fields of one message in wire order; fields of wire types CRIU does not use are skipped.</summary>
internal ref struct ProtoReader(ReadOnlySpan<byte> data)
{
    private readonly ReadOnlySpan<byte> _data = data;
    private int _position;
    private int _wireType;

    public int Field { get; private set; }

    /// <summary>Moves to the next field; false at the end of the message.</summary>
    public bool Next()
    {
        if (_position >= _data.Length)
            return false;
        ulong tag = RawVarint();
        Field = (int)(tag >> 3);
        _wireType = (int)(tag & 7);
        return true;
    }

    public long Int() => _wireType == 0 ? (long)RawVarint() : throw Malformed();

    public bool Bool() => Int() != 0;

    public string String() => Encoding.UTF8.GetString(Bytes());

    public ReadOnlySpan<byte> Bytes()
    {
        if (_wireType != 2)
            throw Malformed();
        int length = checked((int)RawVarint());
        if (length > _data.Length - _position)
            throw Malformed();
        var value = _data.Slice(_position, length);
        _position += length;
        return value;
    }

    public void Skip()
    {
        switch (_wireType)
        {
            case 0: RawVarint(); break;
            case 1: Advance(8); break;
            case 2: Bytes(); break;
            case 5: Advance(4); break;
            default: throw Malformed();
        }
    }

    private void Advance(int count)
    {
        if (count > _data.Length - _position)
            throw Malformed();
        _position += count;
    }

    private ulong RawVarint()
    {
        ulong value = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            if (_position >= _data.Length)
                throw Malformed();
            byte b = _data[_position++];
            value |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80)
                return value;
        }
        throw Malformed();
    }

    private static HullException Malformed() => new("criu: malformed RPC message", ErrorKind.Failed);
}
