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

    /// <summary>
    /// Copies the logs into a checkpoint's image directory once the monitor has written the last of the output (its
    /// exit record says so; the checkpoint ended the init), for a monitor that restores the container to go on with.
    /// Nothing without a monitor.
    /// </summary>
    public void SaveLogs(string imagePath)
    {
        if (!File.Exists(MonitorProcess))
            return;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!File.Exists(ExitRecord) && DateTime.UtcNow < deadline)
            Thread.Sleep(20);
        CopyLogs(this, new MonitorFiles(imagePath));
    }

    /// <summary>The logs a checkpoint saved (<see cref="SaveLogs"/>), taken up by the monitor of the restored container.</summary>
    public void TakeLogs(string imagePath) => CopyLogs(new MonitorFiles(imagePath), this);

    private static void CopyLogs(MonitorFiles from, MonitorFiles to)
    {
        foreach (var (source, target) in new[] { (from.RotatedLog, to.RotatedLog), (from.Log, to.Log) })
        {
            if (File.Exists(source))
                File.Copy(source, target, overwrite: true);
        }
    }
}
