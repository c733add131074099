using System.Runtime.InteropServices;
using Hull.Linux;
using Microsoft.Win32.SafeHandles;

namespace Hull.Runtime.Parent;

/// <summary>
/// Foreground `run`/`exec` with a terminal and no console socket: Hull itself relays between its own
/// stdio and the container's pty master, with its terminal in raw mode and window size changes passed on.
/// </summary>
internal sealed class TerminalProxy : IDisposable
{
    private readonly SafeFileHandle _master;
    private readonly byte[]? _savedMode;
    private readonly Thread _output;
    private readonly PosixSignalRegistration? _resize;

    private TerminalProxy(SafeFileHandle master)
    {
        _master = master;
        if (Syscall.IsTerminal(0))
        {
            _savedMode = Syscall.MakeRaw(0);
            CopyWindowSize();
            _resize = PosixSignalRegistration.Create(PosixSignal.SIGWINCH, context =>
            {
                context.Cancel = true;
                CopyWindowSize();
            });
        }
        var input = new Thread(() => Copy(StandardInput, _master)) { IsBackground = true, Name = "terminal input" };
        _output = new Thread(() => Copy(_master, StandardOutput)) { IsBackground = true, Name = "terminal output" };
        input.Start();
        _output.Start();
    }

    public static TerminalProxy Start(SafeFileHandle master) => new(master);

    /// <summary>Waits briefly for the container's last output, then restores the terminal.</summary>
    public void Dispose()
    {
        _output.Join(TimeSpan.FromSeconds(2));
        _resize?.Dispose();
        if (_savedMode is not null)
            Syscall.RestoreTerminal(0, _savedMode);
        _master.Dispose();
    }

    private static readonly SafeFileHandle StandardInput = new(0, ownsHandle: false);
    private static readonly SafeFileHandle StandardOutput = new(1, ownsHandle: false);

    private void CopyWindowSize()
    {
        if (Syscall.GetWindowSize(0) is { } size)
            Syscall.SetWindowSize(_master, size.Rows, size.Columns);
    }

    /// <summary>Copies until end-of-file or an error; a pty master reports EIO once every slave is closed.</summary>
    private static void Copy(SafeFileHandle from, SafeFileHandle to)
    {
        byte[] buffer = new byte[8192];
        try
        {
            while (Syscall.Read(from, buffer) is int n and > 0)
                Syscall.Write(to, buffer.AsSpan(0, n));
        }
        catch (SyscallException)
        {
        }
    }
}
