using Hull.Runtime.Child;
using Hull.Spec;

namespace Hull.Runtime.Parent;

/// <summary>The process `exec` runs: the one given, or the container's own with the caller's changes, checked as runc checks it.</summary>
internal static class ExecProcess
{
    public static Process For(ExecOptions options, RuntimeSpec config)
    {
        Process process;
        if (options.Process is { } given)
        {
            process = given;
        }
        else
        {
            if (options.ProcessFromContainer is not { } build)
                throw new HullException("process property must not be empty", ErrorKind.InvalidArgument);
            // The config was read for this exec alone, so its process may be changed freely.
            var own = config.Process ?? new Process();
            own.Terminal = false;
            process = build(own);
            if (process.Args is not { Count: > 0 })
                throw new HullException("process args cannot be empty", ErrorKind.InvalidArgument);
        }
        Check(process);
        return process;
    }

    private static void Check(Process process)
    {
        if (string.IsNullOrEmpty(process.Cwd))
            throw new HullException("Cwd property must not be empty", ErrorKind.InvalidArgument);
        if (!process.Cwd.StartsWith('/'))
            throw new HullException("Cwd must be an absolute path", ErrorKind.InvalidArgument);
        if (process.Args is not { Count: > 0 })
            throw new HullException("args must not be empty", ErrorKind.InvalidArgument);
        SecurityLabels.Check(process);
        if (CapabilityNames.UnknownWarning(process.Capabilities) is { } warning)
            RuntimeLog.Warning(warning);
    }
}
