using System.Runtime.InteropServices;
using Hull.Linux;

namespace Hull.Driver.Monitor;

/// <summary>
/// What a non-blocking descriptor has not taken yet, in order: the monitor's loop writes it as the descriptor has room
/// (a container's input, an attach client's output), never waiting for it.
/// </summary>
internal sealed class PendingWrites
{
    private readonly Queue<byte[]> _chunks = new();
    private int _offset;

    /// <summary>The bytes waiting.</summary>
    public long Length { get; private set; }

    public bool IsEmpty => _chunks.Count == 0;

    public void Add(byte[] data)
    {
        _chunks.Enqueue(data);
        Length += data.Length;
    }

    /// <summary>Writes what <paramref name="fd"/> takes now; the bytes taken.</summary>
    public int WriteTo(SafeHandle fd)
    {
        int total = 0;
        while (_chunks.TryPeek(out byte[]? chunk))
        {
            int n = Syscall.TryWrite(fd, chunk.AsSpan(_offset));
            if (n == 0)
                break;
            total += n;
            Length -= n;
            _offset += n;
            if (_offset < chunk.Length)
                continue;
            _chunks.Dequeue();
            _offset = 0;
        }
        return total;
    }

    public void Clear()
    {
        _chunks.Clear();
        _offset = 0;
        Length = 0;
    }
}
