using System.Text;
using Hull.Linux;

namespace Hull.Cli;

/// <summary>
/// stdin, stdout and stderr as plain descriptors. System.Console is not used: on a terminal it puts the terminal in
/// keypad-transmit mode on first use (ESC[?1h ESC=) and never takes it back, which runc's users would see. A write to a
/// closed pipe ends hull by SIGPIPE, as it ends runc (`hull list | head -n 1`).
/// </summary>
internal static class StandardStreams
{
    private static readonly Lazy<TextWriter> OutWriter = new(() => Writer(1));
    private static readonly Lazy<TextWriter> ErrorWriter = new(() => Writer(2));

    public static TextWriter Out => OutWriter.Value;

    public static TextWriter Error => ErrorWriter.Value;

    public static Stream OpenOutput() => new OutputStream(1);

    public static Stream OpenError() => new OutputStream(2);

    public static Stream OpenInput()
    {
        try
        {
            return new FileStream(new Microsoft.Win32.SafeHandles.SafeFileHandle(0, ownsHandle: false), FileAccess.Read, bufferSize: 0);
        }
        catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException)
        {
            return Stream.Null;
        }
    }

    private static TextWriter Writer(int fd) => new StreamWriter(new OutputStream(fd), new UTF8Encoding(false)) { AutoFlush = true };

    /// <summary>Writes straight to a descriptor; a closed one swallows writes, a closed pipe ends the process.</summary>
    private sealed class OutputStream(int fd) : Stream
    {
        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (Syscall.TryWriteAll(fd, buffer) == Errno.EPIPE)
                Syscall.DieOfBrokenPipe();
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Flush()
        {
        }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
