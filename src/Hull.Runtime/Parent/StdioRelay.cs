using Hull.Linux;
using Microsoft.Win32.SafeHandles;
using LinuxConfig = Hull.Spec.Linux;

namespace Hull.Runtime.Parent;

/// <summary>
/// The stdio of a container process `run` or `exec` waits for in the foreground without a terminal, as runc gives it:
/// pipes, relayed to and from hull's own stdio, rather than hull's descriptors themselves. The process then never
/// holds the caller's files (which the container's user would otherwise be given), and hull returns once its output
/// is all written.
/// </summary>
internal sealed class StdioRelay : IDisposable
{
    private const int BufferSize = 64 * 1024;

    private readonly (SafeFileHandle Read, SafeFileHandle Write) _in = Syscall.Pipe(), _out = Syscall.Pipe(), _err = Syscall.Pipe();
    private readonly List<Thread> _outputs = [];
    private bool _started;

    /// <summary>The ends the container process gets as its stdin, stdout and stderr.</summary>
    public ProcessStdio ChildEnds => new(_in.Read, _out.Write, _err.Write);

    /// <summary>
    /// In a user namespace the pipes belong to the container's root (runc gives them to it), so that it may reopen them
    /// by path; outside one they are root's already.
    /// </summary>
    public void GiveToContainersRoot(LinuxConfig? linux)
    {
        if (!Namespaces.Has(linux, "user"))
            return;
        var (uid, gid) = IdMaps.HostIdsOfRoot(linux);
        foreach (var end in new[] { _in.Read, _out.Write, _err.Write })
            Syscall.Fchown(end, uid, gid);
    }

    /// <summary>
    /// Once the process has its ends: they are closed here, and the relay starts, unless the process has a terminal
    /// instead (then its proxy relays hull's stdio).
    /// </summary>
    public void Start(bool relay)
    {
        _in.Read.Dispose();
        _out.Write.Dispose();
        _err.Write.Dispose();
        if (!relay)
            return;
        _started = true;
        // Input is relayed until hull's stdin ends; nobody waits for it, as a process may never read it.
        Begin(0, (int)_in.Write.DangerousGetHandle(), _in.Write);
        _outputs.Add(Begin((int)_out.Read.DangerousGetHandle(), 1, _out.Read));
        _outputs.Add(Begin((int)_err.Read.DangerousGetHandle(), 2, _err.Read));
    }

    /// <summary>Waits until everything the container wrote has been relayed (every writer closed its end).</summary>
    public void WaitForOutput()
    {
        foreach (var thread in _outputs)
            thread.Join();
    }

    /// <summary>A thread that copies <paramref name="from"/> to <paramref name="to"/>, then closes the pipe end it was given.</summary>
    private static Thread Begin(int from, int to, SafeFileHandle pipeEnd)
    {
        var thread = new Thread(() =>
        {
            try
            {
                Copy(from, to);
            }
            finally
            {
                pipeEnd.Dispose();
            }
        })
        { IsBackground = true, Name = $"stdio relay {from}->{to}" };
        thread.Start();
        return thread;
    }

    /// <summary>Copies until the source ends or fails; once the target refuses (a closed pipe), the rest is read and dropped.</summary>
    private static void Copy(int from, int to)
    {
        byte[] buffer = new byte[BufferSize];
        bool writing = true;
        using var source = new SafeFileHandle(from, ownsHandle: false);
        try
        {
            while (Syscall.Read(source, buffer) is int n and > 0)
            {
                if (writing && Syscall.TryWriteAll(to, buffer.AsSpan(0, n)) != 0)
                    writing = false;
            }
        }
        catch (SyscallException)
        {
            // The source failed (a terminal hung up): nothing more to relay.
        }
    }

    /// <summary>The pipe ends no relay thread owns.</summary>
    public void Dispose()
    {
        _in.Read.Dispose();
        _out.Write.Dispose();
        _err.Write.Dispose();
        if (_started)
            return;
        _in.Write.Dispose();
        _out.Read.Dispose();
        _err.Read.Dispose();
    }
}
