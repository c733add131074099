using Hull.Runtime;

namespace Hull.Cli;

/// <summary>runc's global flags.</summary>
internal sealed class GlobalOptions
{
    public static readonly IReadOnlyList<Flag> Flags =
    [
        new("root", "root directory for storage of container state (this should be located in tmpfs)", true),
        new("log", "set the log file to write hull logs to (default is stderr)", true),
        new("log-format", "set the log format ('text' (default), or 'json')", true),
        new("debug", "enable debug logging"),
        new("systemd-cgroup", "enable systemd cgroup support, expects cgroupsPath to be of form \"slice:prefix:name\""),
        new("rootless", "ignore cgroup permission errors ('true', 'false', or 'auto')", true),
        new("criu", "path to the criu binary (accepted for compatibility)", true),
        new("version", "print the version", false, "v"),
        new("help", "show help", false, "h"),
    ];

    public required Arguments Parsed { get; init; }

    public RuntimeOptions ToRuntimeOptions() => new()
    {
        Root = Parsed.Value("root") ?? Hull.Runtime.State.StateStore.DefaultRoot(),
        SystemdCgroup = Parsed.Has("systemd-cgroup"),
        Rootless = Parsed.Value("rootless") is "true",
    };
}
