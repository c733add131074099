using System.Runtime.InteropServices;
using Hull.Linux;

namespace Hull.Runtime.Parent;

/// <summary>
/// Relays the signals a foreground `run` or `exec` receives to the container process. Like runc, it catches them from
/// before the process exists: one that arrives while the container is still being created is held and relayed once
/// the process runs, instead of killing hull halfway and leaving the container's state and cgroups behind.
/// </summary>
internal sealed class SignalForwarder : IDisposable
{
    private static readonly PosixSignal[] Relayed =
    [
        PosixSignal.SIGHUP, PosixSignal.SIGINT, PosixSignal.SIGQUIT, PosixSignal.SIGTERM,
        PosixSignal.SIGCONT, PosixSignal.SIGWINCH, (PosixSignal)10, (PosixSignal)12,
    ];

    private readonly List<PosixSignalRegistration> _registrations = [];
    private readonly Lock _gate = new();
    private readonly List<int> _held = [];
    private int _target;
    private bool _targetGone;

    private SignalForwarder()
    {
        foreach (var signal in Relayed)
            _registrations.Add(PosixSignalRegistration.Create(signal, Relay));
    }

    /// <summary>Catches the relayed signals from now on, holding them until <see cref="RelayUntilExit"/>.</summary>
    public static SignalForwarder Catch() => new();

    /// <summary>
    /// Relays the signals held so far to <paramref name="pid"/>, a child of this process, in the order they came, and
    /// every later one until it exits; returns its wait status. Later signals are dropped: once reaped, its pid may
    /// be another process's.
    /// </summary>
    public int RelayUntilExit(int pid)
    {
        lock (_gate)
        {
            _target = pid;
            foreach (int signal in _held)
                Syscall.Kill(pid, signal);
            _held.Clear();
        }
        int status = Syscall.WaitPid(pid)!.Value;
        lock (_gate)
            _targetGone = true;
        return status;
    }

    public void Dispose()
    {
        foreach (var registration in _registrations)
            registration.Dispose();
    }

    private void Relay(PosixSignalContext context)
    {
        context.Cancel = true;
        int signal = RawNumber(context.Signal);
        lock (_gate)
        {
            if (_target == 0)
                _held.Add(signal);
            else if (!_targetGone)
                Syscall.Kill(_target, signal);
        }
    }

    private static int RawNumber(PosixSignal signal) => signal switch
    {
        PosixSignal.SIGHUP => 1,
        PosixSignal.SIGINT => 2,
        PosixSignal.SIGQUIT => 3,
        PosixSignal.SIGTERM => 15,
        PosixSignal.SIGCONT => 18,
        PosixSignal.SIGWINCH => 28,
        _ => (int)signal,
    };
}
