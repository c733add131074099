using System.Buffers.Binary;
using System.Text;

namespace Hull.Cgroups.Systemd;

/// <summary>Marshals D-Bus values (little-endian), aligning each to its natural boundary from the start of the buffer.</summary>
internal sealed class DBusWriter
{
    private readonly List<byte> _bytes = [];

    public int Length => _bytes.Count;

    public byte[] ToArray() => [.. _bytes];

    public void Align(int boundary)
    {
        while (_bytes.Count % boundary != 0)
            _bytes.Add(0);
    }

    public void Byte(byte value) => _bytes.Add(value);

    public void Bool(bool value) => UInt32(value ? 1u : 0u);

    public void UInt32(uint value)
    {
        Align(4);
        Span<byte> buffer = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(buffer, value);
        _bytes.AddRange(buffer);
    }

    public void UInt64(ulong value)
    {
        Align(8);
        Span<byte> buffer = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(buffer, value);
        _bytes.AddRange(buffer);
    }

    public void String(string value)
    {
        byte[] utf8 = Encoding.UTF8.GetBytes(value);
        UInt32((uint)utf8.Length);
        _bytes.AddRange(utf8);
        _bytes.Add(0);
    }

    public void ObjectPath(string value) => String(value);

    public void Signature(string value)
    {
        _bytes.Add((byte)value.Length);
        _bytes.AddRange(Encoding.ASCII.GetBytes(value));
        _bytes.Add(0);
    }

    /// <summary>An array: its byte length, padding to the element alignment, then the elements written by <paramref name="elements"/>.</summary>
    public void Array(int elementAlignment, Action elements)
    {
        UInt32(0);
        int lengthAt = _bytes.Count - 4;
        Align(elementAlignment);
        int start = _bytes.Count;
        elements();
        BinaryPrimitives.WriteUInt32LittleEndian(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_bytes)[lengthAt..], (uint)(_bytes.Count - start));
    }

    public void Bytes(IEnumerable<byte> values) => Array(1, () => _bytes.AddRange(values));

    /// <summary>Patches a uint32 written earlier (the body length in a header).</summary>
    public void PatchUInt32(int offset, uint value) =>
        BinaryPrimitives.WriteUInt32LittleEndian(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_bytes)[offset..], value);

    public void Raw(byte[] bytes) => _bytes.AddRange(bytes);
}
