using System.Globalization;
using Hull.Runtime;
using Hull.Spec;

namespace Hull.Cli.Commands;

internal sealed class ExecCommand : Command
{
    public override string Name => "exec";

    public override string Summary => "execute new process inside the container";

    public override string ArgumentsUsage => "<container-id> <command> [command options]  || -p process.json <container-id>";

    public override (int Min, int Max) Arity => (1, int.MaxValue);

    public override bool ReordersFlags => false;

    public override string ErrorPrefix => "exec failed: ";

    public override int FailureExitCode => 255;

    public override IReadOnlyList<Flag> Flags =>
    [
        new("console-socket", "path to an AF_UNIX socket which will receive a file descriptor referencing the master end of the console's pseudoterminal", FlagKind.String),
        new("cwd", "current working directory in the container", FlagKind.String),
        new("env", "set environment variables", FlagKind.StringList, "e"),
        new("tty", "allocate a pseudo-TTY", FlagKind.Bool, "t"),
        new("user", "UID (format: <uid>[:<gid>])", FlagKind.String, "u"),
        new("additional-gids", "additional gids", FlagKind.IntList, "g"),
        new("process", "path to the process.json", FlagKind.String, "p"),
        new("detach", "detach from the container's process", FlagKind.Bool, "d"),
        new("pid-file", "specify the file to write the process id to", FlagKind.String),
        new("process-label", "set the asm process label for the process commonly used with selinux", FlagKind.String),
        new("apparmor", "set the apparmor profile for the process", FlagKind.String),
        new("no-new-privs", "set the no new privileges value for the process"),
        new("cap", "add a capability to the bounding set for the process", FlagKind.StringList, "c"),
        new("preserve-fds", "Pass N additional file descriptors to the container (stdio + $LISTEN_FDS + N in total)", FlagKind.Int),
        new("cgroup", "run the process in an (existing) sub-cgroup(s). Format is [<controller>:]<cgroup>.", FlagKind.StringList),
        new("ignore-paused", "allow exec in a paused container"),
    ];

    public override int Execute(Arguments args, GlobalOptions global)
    {
        string id = args.Positionals[0];
        string? path = args.Value("process");
        return Runtime(global).Exec(id, new ExecOptions
        {
            Process = path is null ? null : SpecLoader.LoadProcess(path),
            ProcessFromContainer = path is null ? own => ProcessFromFlags(own, args) : null,
            Detach = args.Has("detach"),
            PidFile = args.Value("pid-file") is { } pidFile ? Path.GetFullPath(pidFile) : null,
            ConsoleSocket = args.Value("console-socket"),
            PreserveFds = args.Int("preserve-fds"),
            SubCgroups = [.. args.Values("cgroup")],
            IgnorePaused = args.Has("ignore-paused"),
        });
    }

    /// <summary>runc's rules: the container's own process, with the command and the flags laid over it.</summary>
    private static Process ProcessFromFlags(Process process, Arguments args)
    {
        process.Args = [.. args.Positionals.Skip(1)];
        if (args.Value("cwd") is { Length: > 0 } cwd)
            process.Cwd = cwd;
        if (args.Value("apparmor") is { Length: > 0 } profile)
            process.ApparmorProfile = profile;
        if (args.Value("process-label") is { Length: > 0 } label)
            process.SelinuxLabel = label;
        if (args.Values("cap") is { Count: > 0 } caps)
        {
            // As runc: bounding, effective and permitted, and ambient, where the kernel keeps it only if inheritable.
            var sets = process.Capabilities ??= new LinuxCapabilities();
            sets.Bounding = [.. sets.Bounding ?? [], .. caps];
            sets.Effective = [.. sets.Effective ?? [], .. caps];
            sets.Permitted = [.. sets.Permitted ?? [], .. caps];
            sets.Ambient = [.. sets.Ambient ?? [], .. caps];
        }
        process.Env = [.. process.Env ?? [], .. args.Values("env")];
        process.Terminal = args.Has("tty");
        if (args.Value("no-new-privs") is { } noNewPrivileges)
            process.NoNewPrivileges = noNewPrivileges == "true";
        if (args.Value("user") is { Length: > 0 } user)
            process.User = WithIds(process.User, user);
        foreach (string text in args.Values("additional-gids"))
        {
            long gid = long.Parse(text, CultureInfo.InvariantCulture);
            if (gid < 0)
                throw new HullException($"additional-gids must be a positive number {gid}", ErrorKind.InvalidArgument);
            process.User ??= new User { Uid = 0, Gid = 0 };
            process.User.AdditionalGids = [.. process.User.AdditionalGids ?? [], (uint)gid];
        }
        return process;
    }

    /// <summary>--user uid[:gid] over the container's user: the gid is kept when not given, as runc does.</summary>
    private static User WithIds(User? current, string text)
    {
        string[] parts = text.Split(':', 2);
        var user = new User
        {
            Uid = current?.Uid ?? 0,
            Gid = current?.Gid ?? 0,
            AdditionalGids = current?.AdditionalGids,
            Umask = current?.Umask,
        };
        if (parts.Length > 1)
            user.Gid = (uint)Atoi(parts[1], "gid");
        user.Uid = (uint)Atoi(parts[0], "uid");
        return user;
    }

    private static int Atoi(string text, string what) =>
        int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value)
            ? value
            : throw new HullException($"parsing {text} as int for {what} failed: strconv.Atoi: parsing {GoText.Quote(text)}: invalid syntax", ErrorKind.InvalidArgument);
}
