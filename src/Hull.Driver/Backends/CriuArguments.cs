using System.Globalization;
using Hull.Runtime.Checkpoint;

namespace Hull.Driver.Backends;

/// <summary>Checkpoint and restore options as runc's command-line flags, for a runtime binary that takes them.</summary>
internal static class CriuArguments
{
    public static List<string> For(CheckpointOptions options)
    {
        var arguments = Common(options);
        Value(arguments, "--parent-path", options.ParentPath);
        Flag(arguments, "--leave-running", options.LeaveRunning);
        Flag(arguments, "--pre-dump", options.PreDump);
        Value(arguments, "--page-server", options.PageServer);
        if (options.StatusFd >= 0)
            Value(arguments, "--status-fd", options.StatusFd.ToString(CultureInfo.InvariantCulture));
        return arguments;
    }

    public static List<string> For(RestoreOptions options)
    {
        var arguments = Common(options);
        Value(arguments, "--lsm-profile", options.LsmProfile);
        Value(arguments, "--lsm-mount-context", options.LsmMountContext);
        return arguments;
    }

    private static List<string> Common(CriuOptionsBase options)
    {
        List<string> arguments = ["--image-path", options.ImagePath];
        Value(arguments, "--work-path", options.WorkPath);
        Flag(arguments, "--tcp-established", options.TcpEstablished);
        Flag(arguments, "--ext-unix-sk", options.ExtUnixSockets);
        Flag(arguments, "--shell-job", options.ShellJob);
        Flag(arguments, "--file-locks", options.FileLocks);
        Flag(arguments, "--lazy-pages", options.LazyPages);
        Value(arguments, "--manage-cgroups-mode", options.ManageCgroupsMode);
        foreach (string ns in options.EmptyNamespaces)
            Value(arguments, "--empty-ns", ns);
        Flag(arguments, "--auto-dedup", options.AutoDedup);
        return arguments;
    }

    private static void Flag(List<string> arguments, string flag, bool set)
    {
        if (set)
            arguments.Add(flag);
    }

    private static void Value(List<string> arguments, string flag, string? value)
    {
        if (!string.IsNullOrEmpty(value))
            arguments.AddRange([flag, value]);
    }
}
