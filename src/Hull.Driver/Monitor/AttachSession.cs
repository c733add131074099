using System.Buffers.Binary;
using System.Text.Json;
using Microsoft.Win32.SafeHandles;

namespace Hull.Driver.Monitor;

/// <summary>A client's connection to a monitor's attach socket: output as it comes, input, resize, and the exit status.</summary>
public sealed class AttachSession : IDisposable
{
    private readonly SafeFileHandle _socket;
    private readonly Lock _send = new();

    internal AttachSession(SafeFileHandle socket) => _socket = socket;

    /// <summary>
    /// Delivers output to <paramref name="onOutput"/> until the container exits (returning its record) or
    /// the monitor goes away (returning null).
    /// </summary>
    public ExitRecord? Receive(Action<LogStream, ReadOnlyMemory<byte>> onOutput)
    {
        while (AttachFrame.Read(_socket) is var (type, payload))
        {
            switch (type)
            {
                case AttachFrameType.Stdout:
                    onOutput(LogStream.Stdout, payload);
                    break;
                case AttachFrameType.Stderr:
                    onOutput(LogStream.Stderr, payload);
                    break;
                case AttachFrameType.Exit:
                    return JsonSerializer.Deserialize(payload, MonitorJsonContext.Default.ExitRecord);
            }
        }
        return null;
    }

    /// <summary>Sends bytes to the container's stdin (or terminal).</summary>
    public void WriteInput(ReadOnlySpan<byte> data) => Send(AttachFrameType.Stdin, data);

    /// <summary>Closes the container's stdin, so it reads end-of-file.</summary>
    public void CloseInput() => Send(AttachFrameType.CloseStdin, []);

    /// <summary>Sets the container terminal's window size.</summary>
    public void Resize(ushort rows, ushort columns)
    {
        Span<byte> size = stackalloc byte[4];
        BinaryPrimitives.WriteUInt16BigEndian(size, rows);
        BinaryPrimitives.WriteUInt16BigEndian(size[2..], columns);
        Send(AttachFrameType.Resize, size);
    }

    private void Send(AttachFrameType type, ReadOnlySpan<byte> data)
    {
        lock (_send)
            AttachFrame.Write(_socket, type, data);
    }

    /// <summary>Detaches; the container and its monitor go on.</summary>
    public void Dispose() => _socket.Dispose();
}
