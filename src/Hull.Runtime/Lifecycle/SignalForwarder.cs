using System.Runtime.InteropServices;
using Hull.Linux;

namespace Hull.Runtime.Lifecycle;

/// <summary>While alive, relays the signals a foreground `run` or `exec` receives to the container process.</summary>
internal sealed class SignalForwarder : IDisposable
{
    private static readonly PosixSignal[] Relayed =
    [
        PosixSignal.SIGHUP, PosixSignal.SIGINT, PosixSignal.SIGQUIT, PosixSignal.SIGTERM,
        PosixSignal.SIGCONT, PosixSignal.SIGWINCH, (PosixSignal)10, (PosixSignal)12,
    ];

    private readonly List<PosixSignalRegistration> _registrations = [];

    private SignalForwarder(int pid)
    {
        foreach (var signal in Relayed)
        {
            _registrations.Add(PosixSignalRegistration.Create(signal, context =>
            {
                context.Cancel = true;
                Syscall.Kill(pid, RawNumber(context.Signal));
            }));
        }
    }

    public static SignalForwarder To(int pid) => new(pid);

    public void Dispose()
    {
        foreach (var registration in _registrations)
            registration.Dispose();
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
