using Microsoft.Win32.SafeHandles;

namespace Hull.Driver.Monitor;

/// <summary>The monitor process (`hull monitor`): the containers of one state directory, held by <see cref="MonitorServer"/>.</summary>
public static class ContainerMonitor
{
    /// <summary>The descriptor a monitor is started with: its listening socket.</summary>
    public const int ListenerFd = 3;

    /// <summary>Runs the monitor of the state directory <paramref name="directory"/> until it holds no container; returns the process exit code.</summary>
    public static int Run(string directory)
    {
        ProcessReaper.DriveFromCallersLoop();
        var listener = new SafeFileHandle(ListenerFd, ownsHandle: true);
        // Inherited without close-on-exec: no hook or runtime this monitor runs may hold it.
        Hull.Linux.Syscall.SetCloseOnExec(listener);
        using var server = new MonitorServer(directory, listener);
        server.Serve();
        return 0;
    }
}
