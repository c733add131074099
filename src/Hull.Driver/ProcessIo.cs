using System.Runtime.InteropServices;
using Hull.Linux;
using Hull.Runtime;
using Microsoft.Win32.SafeHandles;

namespace Hull.Driver;

/// <summary>
/// This program's side of a container process's stdio: pipe streams, or a terminal with a window size.
/// Streams that the mode does not provide are null.
/// </summary>
public sealed class ProcessIo : IDisposable
{
    private readonly SafeFileHandle? _master;

    private ProcessIo(Stream? input, Stream? output, Stream? error, SafeFileHandle? master)
    {
        Input = input;
        Output = output;
        Error = error;
        _master = master;
        Terminal = master is null ? null : new TerminalStream(master);
    }

    /// <summary>The process's stdin (pipes); dispose it to send end-of-file.</summary>
    public Stream? Input { get; }

    /// <summary>The process's stdout (pipes).</summary>
    public Stream? Output { get; }

    /// <summary>The process's stderr (pipes).</summary>
    public Stream? Error { get; }

    /// <summary>The terminal's master side: read the output, write the input.</summary>
    public Stream? Terminal { get; }

    /// <summary>The descriptors behind the streams, for a loop that polls them; with a terminal, its master is the input and the output.</summary>
    internal (SafeFileHandle? Input, SafeFileHandle? Output, SafeFileHandle? Error) Handles =>
        _master is not null
            ? (_master, _master, null)
            : ((Input as FileStream)?.SafeFileHandle, (Output as FileStream)?.SafeFileHandle, (Error as FileStream)?.SafeFileHandle);

    /// <summary>Sets the terminal's window size; the process gets SIGWINCH.</summary>
    public void Resize(ushort rows, ushort columns)
    {
        if (_master is null)
            throw new InvalidOperationException("the process has no terminal");
        Syscall.SetWindowSize(_master, rows, columns);
    }

    /// <summary>Closes this program's ends of the stdio.</summary>
    public void Dispose()
    {
        Input?.Dispose();
        Output?.Dispose();
        Error?.Dispose();
        Terminal?.Dispose();
    }

    /// <summary>Both sides of the stdio for one process, before it starts.</summary>
    internal sealed class Setup : IDisposable
    {
        private readonly StdioMode _mode;
        private readonly List<SafeHandle> _childEnds = [];
        private readonly SafeFileHandle? _consoleReceiver;
        private readonly SafeFileHandle? _input;
        private readonly SafeFileHandle? _output;
        private readonly SafeFileHandle? _error;
        private bool _completed;

        public Setup(StdioMode mode)
        {
            _mode = mode;
            switch (mode)
            {
                case StdioMode.Null:
                case StdioMode.Terminal:
                    var nul = Syscall.Open("/dev/null", Syscall.O_RDWR | Syscall.O_CLOEXEC);
                    _childEnds.Add(nul);
                    Stdio = new ProcessStdio(nul, nul, nul);
                    if (mode == StdioMode.Terminal)
                    {
                        var (receiver, connection) = Syscall.StreamPair();
                        _consoleReceiver = receiver;
                        _childEnds.Add(connection);
                        ConsoleConnection = connection;
                    }
                    break;
                case StdioMode.Pipes:
                    var (inRead, inWrite) = Syscall.Pipe();
                    var (outRead, outWrite) = Syscall.Pipe();
                    var (errRead, errWrite) = Syscall.Pipe();
                    _childEnds.AddRange([inRead, outWrite, errWrite]);
                    (_input, _output, _error) = (inWrite, outRead, errRead);
                    Stdio = new ProcessStdio(inRead, outWrite, errWrite);
                    break;
            }
        }

        /// <summary>The descriptors the process gets; null when it inherits this program's.</summary>
        public ProcessStdio? Stdio { get; }

        /// <summary>The socket the pty master comes back over (terminal mode).</summary>
        public SafeHandle? ConsoleConnection { get; }

        public bool Terminal => _mode == StdioMode.Terminal;

        /// <summary>Once the process holds its ends: closes this program's copies of them and takes the host side.</summary>
        public ProcessIo Complete()
        {
            foreach (var end in _childEnds)
                end.Dispose();
            var master = _consoleReceiver is null ? null : Syscall.ReceiveDescriptor(_consoleReceiver);
            _consoleReceiver?.Dispose();
            _completed = true;
            return new ProcessIo(
                _input is null ? null : new FileStream(_input, FileAccess.Write, 0),
                _output is null ? null : new FileStream(_output, FileAccess.Read, 0),
                _error is null ? null : new FileStream(_error, FileAccess.Read, 0),
                master);
        }

        /// <summary>Releases everything when the process never started.</summary>
        public void Dispose()
        {
            foreach (var end in _childEnds)
                end.Dispose();
            _consoleReceiver?.Dispose();
            if (_completed)
                return;
            _input?.Dispose();
            _output?.Dispose();
            _error?.Dispose();
        }
    }
}
