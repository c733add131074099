using System.Runtime.InteropServices;
using Hull.Linux;
using Microsoft.Win32.SafeHandles;

namespace Hull.Driver.Monitor;

/// <summary>
/// The monitor's one loop, on its main thread: it copies the container's output to the log and the attach clients,
/// takes attach connections and their frames, feeds the container's input, reaps (<see cref="ProcessReaper"/> runs
/// on this loop), and ends once the init has exited and its output has been drained (or the grace for it has passed:
/// a process the init left behind may hold it open).
/// </summary>
internal sealed class MonitorLoop
{
    private readonly ContainerLogWriter _log;
    private readonly AttachServer _attach;
    private readonly ContainerInput? _input;
    private readonly TimeSpan _grace;
    private readonly SafeFileHandle? _init;
    private readonly List<(SafeFileHandle Handle, LogStream Stream, AttachFrameType Frame)> _outputs = [];
    private readonly byte[] _buffer = new byte[16 * 1024];

    public MonitorLoop(Container container, ContainerLogWriter log, AttachServer attach, ContainerInput? input, TimeSpan grace)
    {
        _log = log;
        _attach = attach;
        _input = input;
        _grace = grace;
        // Null when the init is already gone.
        _init = Syscall.PidfdOpen(container.Pid);
        var (_, output, error) = container.Io.Handles;
        if (output is not null)
            _outputs.Add((output, LogStream.Stdout, AttachFrameType.Stdout));
        if (error is not null)
            _outputs.Add((error, LogStream.Stderr, AttachFrameType.Stderr));
    }

    public void Run()
    {
        using (_init)
        {
            DateTime? drainUntil = _init is null ? DateTime.UtcNow + _grace : null;
            while (drainUntil is null || (_outputs.Count > 0 && DateTime.UtcNow < drainUntil))
            {
                var watched = new List<(SafeHandle Fd, short Events)> { (ProcessReaper.Readable, Syscall.POLLIN) };
                if (drainUntil is null)
                    watched.Add((_init!, Syscall.POLLIN));
                watched.AddRange(_outputs.Select(o => ((SafeHandle)o.Handle, Syscall.POLLIN)));
                watched.Add((_attach.Listener, Syscall.POLLIN));
                var clients = _attach.Clients.ToList();
                watched.AddRange(clients.Select(c => ((SafeHandle)c, Syscall.POLLIN)));
                var inputWaiting = _input?.Waiting;
                if (inputWaiting is not null)
                    watched.Add((inputWaiting, Syscall.POLLOUT));

                int timeout = drainUntil is null ? -1 : Math.Max(0, (int)(drainUntil.Value - DateTime.UtcNow).TotalMilliseconds);
                int reaperDue = ProcessReaper.DispatchDueInMilliseconds;
                if (reaperDue >= 0 && (timeout < 0 || reaperDue < timeout))
                    timeout = reaperDue;
                short[] ready = Syscall.Poll(watched, timeout);
                if (ready[0] != 0 || ProcessReaper.DispatchDueInMilliseconds == 0)
                    ProcessReaper.Dispatch();
                int next = 1;
                if (drainUntil is null && ready[next++] != 0)
                    drainUntil = DateTime.UtcNow + _grace;
                foreach (var output in _outputs.ToList())
                {
                    if (ready[next++] != 0)
                        Copy(output);
                }
                if (ready[next++] != 0)
                    _attach.Accept();
                foreach (var client in clients)
                {
                    if (ready[next++] != 0)
                        _attach.Receive(client);
                }
                if (inputWaiting is not null && ready[next] != 0)
                    _input!.Flush();
            }
        }
    }

    /// <summary>Copies what one output has now; at its end (or a terminal's EIO once nothing holds it) it is dropped.</summary>
    private void Copy((SafeFileHandle Handle, LogStream Stream, AttachFrameType Frame) output)
    {
        int? n;
        try
        {
            n = Syscall.Read(output.Handle, _buffer);
        }
        catch (SyscallException)
        {
            n = 0;
        }
        if (n is null)
            return;
        if (n == 0)
        {
            _outputs.Remove(output);
            return;
        }
        _log.Write(output.Stream, _buffer.AsSpan(0, n.Value));
        _attach.Broadcast(output.Frame, _buffer.AsSpan(0, n.Value));
    }
}
