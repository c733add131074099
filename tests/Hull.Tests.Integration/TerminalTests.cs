using System.Diagnostics;
using System.Text;
using Hull.Linux;
using Hull.Spec;
using Microsoft.Win32.SafeHandles;

namespace Hull.Tests.Integration;

/// <summary>Terminals: the pty master handed over a console socket, and the foreground proxy.</summary>
public sealed class TerminalTests
{
    /// <summary>A console socket as containerd and conmon provide one: it receives the pty master.</summary>
    private sealed class ConsoleReceiver : IDisposable
    {
        private readonly SafeFileHandle _listener;

        public ConsoleReceiver(string dir)
        {
            Path = System.IO.Path.Combine(dir, "console.sock");
            _listener = Syscall.ListenUnix(Path);
        }

        public string Path { get; }

        public SafeFileHandle ReceiveMaster()
        {
            using var connection = Syscall.Accept(_listener);
            return Syscall.ReceiveDescriptor(connection);
        }

        public void Dispose() => _listener.Dispose();
    }

    /// <summary>Reads from a pty master until the text contains <paramref name="marker"/> or the slave side closes.</summary>
    internal static string ReadUntil(SafeFileHandle master, string marker)
    {
        var text = new StringBuilder();
        byte[] buffer = new byte[4096];
        var clock = Stopwatch.StartNew();
        while (!text.ToString().Contains(marker, StringComparison.Ordinal) && clock.Elapsed < TimeSpan.FromSeconds(20))
        {
            int n;
            try
            {
                n = Syscall.Read(master, buffer) ?? 0;
            }
            catch (SyscallException)
            {
                break;
            }
            if (n == 0)
                break;
            text.Append(Encoding.UTF8.GetString(buffer, 0, n));
        }
        return text.ToString();
    }

    [Fact]
    public void TheMasterGoesOverTheConsoleSocketWithTheInitialWindowSize()
    {
        using var bundle = new TestBundle("sh", "-c", "tty; stty size; echo END");
        bundle.Spec.Process!.Terminal = true;
        bundle.Spec.Process.ConsoleSize = new Box { Height = 40, Width = 100 };
        using var console = new ConsoleReceiver(bundle.Dir);
        var created = bundle.Create("--console-socket", console.Path);
        Assert.True(created.ExitCode == 0, created.ToString());
        using var master = console.ReceiveMaster();
        Assert.Equal(0, bundle.Hull("start", bundle.Id).ExitCode);
        string output = ReadUntil(master, "END");
        Assert.Contains("/dev/pts/0", output, StringComparison.Ordinal);
        Assert.Contains("40 100", output, StringComparison.Ordinal);
    }

    [Fact]
    public void TheTerminalIsInteractiveThroughTheMaster()
    {
        using var bundle = new TestBundle("sh", "-c", "read line; echo \"got:$line\"");
        bundle.Spec.Process!.Terminal = true;
        using var console = new ConsoleReceiver(bundle.Dir);
        Assert.Equal(0, bundle.Run("--detach", "--console-socket", console.Path).ExitCode);
        using var master = console.ReceiveMaster();
        Syscall.Write(master, "ping\n"u8);
        Assert.Contains("got:ping", ReadUntil(master, "got:ping"), StringComparison.Ordinal);
    }

    [Fact]
    public void ExecWithATtyGetsItsOwnTerminal()
    {
        using var bundle = new TestBundle("sleep", "600");
        Assert.Equal(0, bundle.Run("--detach").ExitCode);
        using var console = new ConsoleReceiver(bundle.Dir);
        var exec = bundle.Hull("exec", "-t", "-d", "--console-socket", console.Path, bundle.Id, "sh", "-c", "tty; echo END");
        Assert.True(exec.ExitCode == 0, exec.ToString());
        using var master = console.ReceiveMaster();
        Assert.Contains("/dev/pts/", ReadUntil(master, "END"), StringComparison.Ordinal);
    }

    [Fact]
    public void DetachingWithATerminalNeedsAConsoleSocket()
    {
        using var bundle = new TestBundle("true");
        bundle.Spec.Process!.Terminal = true;
        var result = bundle.Run("--detach");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("console socket", result.Stderr, StringComparison.Ordinal);
        HostState.AssertNothingLeft(bundle);
    }

    [Fact]
    public void InTheForegroundHullProxiesTheTerminalItself()
    {
        using var bundle = new TestBundle("sh", "-c", "stty size; read line; echo \"got:$line\"");
        bundle.Spec.Process!.Terminal = true;
        bundle.Save();
        var (master, slave) = Syscall.OpenPty();
        using (master)
        using (slave)
        {
            Syscall.SetWindowSize(master, 30, 90);
            string slavePath = new FileInfo($"/proc/self/fd/{slave.DangerousGetHandle()}").LinkTarget!;
            var info = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add($"exec \"$0\" run --bundle {bundle.Dir} {bundle.Id} <>{slavePath} >&0 2>&0");
            info.ArgumentList.Add(HullProcess.Binary);
            using var hull = System.Diagnostics.Process.Start(info)!;
            string size = ReadUntil(master, "90");
            Assert.Contains("30 90", size, StringComparison.Ordinal);
            Syscall.Write(master, "pong\r"u8);
            Assert.Contains("got:pong", ReadUntil(master, "got:pong"), StringComparison.Ordinal);
            Assert.True(hull.WaitForExit(TimeSpan.FromSeconds(20)));
            Assert.Equal(0, hull.ExitCode);
        }
        HostState.AssertNothingLeft(bundle);
    }
}
