using System.Buffers.Binary;
using System.Text;

namespace Hull.Cgroups.Systemd;

/// <summary>Reads D-Bus values from a buffer, aligning from its start.</summary>
internal sealed class DBusReader
{
    private readonly byte[] _data;

    public DBusReader(byte[] data, int position = 0)
    {
        _data = data;
        Position = position;
    }

    public int Position { get; private set; }

    public bool AtEnd => Position >= _data.Length;

    public void Align(int boundary) => Position = (Position + boundary - 1) / boundary * boundary;

    public byte Byte() => _data[Position++];

    public uint UInt32()
    {
        Align(4);
        uint value = BinaryPrimitives.ReadUInt32LittleEndian(_data.AsSpan(Position));
        Position += 4;
        return value;
    }

    public ulong UInt64()
    {
        Align(8);
        ulong value = BinaryPrimitives.ReadUInt64LittleEndian(_data.AsSpan(Position));
        Position += 8;
        return value;
    }

    public string String()
    {
        int length = (int)UInt32();
        string value = Encoding.UTF8.GetString(_data, Position, length);
        Position += length + 1;
        return value;
    }

    public string Signature()
    {
        int length = Byte();
        string value = Encoding.ASCII.GetString(_data, Position, length);
        Position += length + 1;
        return value;
    }

    /// <summary>Reads one value of a basic type, or skips a container; returns basic values as text.</summary>
    public string? Value(string signature)
    {
        switch (signature[0])
        {
            case 's' or 'o':
                return String();
            case 'g':
                return Signature();
            case 'y':
                return Byte().ToString(System.Globalization.CultureInfo.InvariantCulture);
            case 'b' or 'u' or 'i':
                return UInt32().ToString(System.Globalization.CultureInfo.InvariantCulture);
            case 't' or 'x':
                return UInt64().ToString(System.Globalization.CultureInfo.InvariantCulture);
            case 'v':
                return Value(Signature());
            case 'a':
                uint length = UInt32();
                Align(signature[1] is '(' or '{' or 't' or 'x' ? 8 : signature[1] is 'y' or 'g' or 'v' ? 1 : 4);
                Position += (int)length;
                return null;
            default:
                throw new CgroupException($"systemd sent a D-Bus value of unsupported type {signature}");
        }
    }
}
