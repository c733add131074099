using Hull.Runtime.Checkpoint;

namespace Hull.Cli.Commands;

/// <summary>The flags `checkpoint` and `restore` share: where CRIU's images and logs go, and what it may handle.</summary>
internal static class CriuFlags
{
    public static IReadOnlyList<Flag> Common { get; } =
    [
        new("image-path", "directory of the image files (default: ./checkpoint)", FlagKind.String),
        new("work-path", "directory for work files and logs (default: the image path)", FlagKind.String),
        new("tcp-established", "allow established TCP connections"),
        new("ext-unix-sk", "allow external unix sockets"),
        new("shell-job", "allow shell jobs"),
        new("file-locks", "handle file locks"),
        new("lazy-pages", "restore memory pages lazily, through userfaultfd"),
        new("manage-cgroups-mode", "cgroups mode: soft (default), full or strict", FlagKind.String),
        new("empty-ns", "create this namespace, but do not restore its properties", FlagKind.StringList),
        new("auto-dedup", "deduplicate memory images"),
    ];

    /// <summary>The common flags laid over checkpoint's or restore's own options.</summary>
    public static T Apply<T>(T options, Arguments args)
        where T : CriuOptionsBase =>
        (T)((CriuOptionsBase)options with
        {
            WorkPath = WorkPath(args),
            TcpEstablished = args.Has("tcp-established"),
            ExtUnixSockets = args.Has("ext-unix-sk"),
            ShellJob = args.Has("shell-job"),
            FileLocks = args.Has("file-locks"),
            LazyPages = args.Has("lazy-pages"),
            ManageCgroupsMode = args.Value("manage-cgroups-mode"),
            EmptyNamespaces = args.Values("empty-ns"),
            AutoDedup = args.Has("auto-dedup"),
        });

    /// <summary>--image-path, absolute; ./checkpoint when not given, as runc has it.</summary>
    public static string ImagePath(Arguments args) => Path.GetFullPath(args.Value("image-path") is { Length: > 0 } given ? given : "checkpoint");

    public static string? WorkPath(Arguments args) => args.Value("work-path") is { Length: > 0 } given ? Path.GetFullPath(given) : null;
}
