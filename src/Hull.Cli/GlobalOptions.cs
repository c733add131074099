using Hull.Runtime;

namespace Hull.Cli;

/// <summary>runc's global flags.</summary>
internal sealed class GlobalOptions
{
    public static readonly IReadOnlyList<Flag> Flags =
    [
        new("debug", "enable debug logging"),
        new("log", "set the log file to write hull logs to (default is '/dev/stderr')", FlagKind.String),
        new("log-format", "set the log format ('text' (default), or 'json')", FlagKind.String),
        new("root", "root directory for storage of container state (this should be located in tmpfs)", FlagKind.String),
        new("criu", "path to the criu binary used for checkpoint and restore", FlagKind.String),
        new("systemd-cgroup", "enable systemd cgroup support, expects cgroupsPath to be of form \"slice:prefix:name\""),
        new("rootless", "ignore cgroup permission errors ('true', 'false', or 'auto')", FlagKind.String),
        new("version", "print the version", FlagKind.Bool, "v"),
        Flag.HelpFlag,
    ];

    public required Arguments Parsed { get; init; }

    public RuntimeOptions ToRuntimeOptions() => new()
    {
        Root = Parsed.Value("root") is { } root ? Path.GetFullPath(root) : Hull.Runtime.Store.StateStore.DefaultRoot(),
        SystemdCgroup = Parsed.Has("systemd-cgroup"),
        Rootless = Parsed.Value("rootless") switch
        {
            "true" => true,
            "false" => false,
            // runc's "auto": unprivileged, or root of a user namespace; with the systemd driver, of a user's own systemd.
            _ => Parsed.Has("systemd-cgroup") ? Privilege.RootlessSystemd : Privilege.Rootless,
        },
        Criu = Parsed.Value("criu") ?? "criu",
    };
}
