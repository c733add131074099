using Microsoft.Win32.SafeHandles;

namespace Hull.Driver;

/// <summary>
/// A pty master as a stream. Once every slave side is closed the kernel answers reads with EIO; here that
/// is the end of the stream, as it is for a pipe.
/// </summary>
internal sealed class TerminalStream : Stream
{
    private readonly FileStream _master;

    public TerminalStream(SafeFileHandle master) => _master = new FileStream(master, FileAccess.ReadWrite, 0);

    public override bool CanRead => true;

    public override bool CanWrite => true;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        try
        {
            return _master.Read(buffer, offset, count);
        }
        catch (IOException)
        {
            return 0;
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            return await _master.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException)
        {
            return 0;
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => _master.Write(buffer, offset, count);

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        _master.WriteAsync(buffer, cancellationToken);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        _master.WriteAsync(buffer, offset, count, cancellationToken);

    public override void Flush() => _master.Flush();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            _master.Dispose();
        base.Dispose(disposing);
    }
}
