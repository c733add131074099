namespace Hull.Driver.Monitor;

/// <summary>
/// What a monitor keeps in the container's state directory, so it goes away with `delete`: the log (and
/// its one rotated predecessor), the exit record, the attach socket and the monitor's own identity.
/// </summary>
public sealed record MonitorFiles(string Directory)
{
    /// <summary>The current log.</summary>
    public string Log => Path.Combine(Directory, "container.log");

    /// <summary>The log before the last rotation.</summary>
    public string RotatedLog => Log + ".1";

    /// <summary>The exit record, written once the init has exited.</summary>
    public string ExitRecord => Path.Combine(Directory, "exit.json");

    /// <summary>The unix socket attach clients connect to.</summary>
    public string AttachSocket => Path.Combine(Directory, "attach.sock");

    /// <summary>"pid starttime" of the monitor process.</summary>
    public string MonitorProcess => Path.Combine(Directory, "monitor.pid");
}
