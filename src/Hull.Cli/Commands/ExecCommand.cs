using Hull.Runtime;

namespace Hull.Cli.Commands;

internal sealed class ExecCommand : Command
{
    public override string Name => "exec";

    public override string Summary => "execute new process inside the container";

    public override string ArgumentsUsage => "<container-id> <command> [command options]  || -p process.json <container-id>";

    public override (int Min, int Max) Arity => (1, int.MaxValue);

    public override IReadOnlyList<Flag> Flags =>
    [
        new("console-socket", "path to an AF_UNIX socket which will receive a file descriptor referencing the master end of the console's pseudoterminal", true),
        new("cwd", "current working directory in the container", true),
        new("env", "set environment variables", true, "e"),
        new("tty", "allocate a pseudo-TTY", false, "t"),
        new("user", "UID (format: <uid>[:<gid>])", true, "u"),
        new("additional-gids", "additional gids", true, "g"),
        new("process", "path to the process.json", true, "p"),
        new("detach", "detach from the container's process", false, "d"),
        new("pid-file", "specify the file to write the process id to", true),
        new("process-label", "set the asm process label for the process commonly used with selinux", true),
        new("apparmor", "set the apparmor profile for the process", true),
        new("no-new-privs", "set the no new privileges value for the process"),
        new("cap", "add a capability to the bounding set for the process", true, "c"),
        new("preserve-fds", "pass N additional file descriptors to the container (stdio + $LISTEN_FDS + N in total)", true),
        new("cgroup", "run the process in an (existing) sub-cgroup(s)", true),
        new("ignore-paused", "allow exec in a paused container (accepted for compatibility; Hull refuses paused containers)"),
    ];

    public override int Execute(Arguments args, GlobalOptions global)
    {
        string id = args.Positionals[0];
        string? path = args.Value("process");
        if (path is null && args.Positionals.Count < 2)
            throw new UsageException("exec: no command given (args or --process)");
        return Runtime(global).Exec(id, new ExecOptions
        {
            Process = path is null ? null : Hull.Spec.SpecLoader.LoadProcess(path),
            ProcessFromContainer = own => ProcessFromFlags(own, args),
            Detach = args.Has("detach"),
            PidFile = args.Value("pid-file"),
            ConsoleSocket = args.Value("console-socket"),
            PreserveFds = args.IntValue("preserve-fds", 0),
            SubCgroup = args.Value("cgroup"),
        });
    }

    /// <summary>runc's rules: the container's own process, with the command and the flags laid over it.</summary>
    private static Hull.Spec.Process ProcessFromFlags(Hull.Spec.Process process, Arguments args)
    {
        process.Args = [.. args.Positionals.Skip(1)];
        process.Terminal = args.Has("tty");
        process.Env = [.. process.Env ?? [], .. args.Values("env")];
        if (args.Value("cwd") is { } cwd)
            process.Cwd = cwd;
        if (args.Value("user") is { } user)
            process.User = ParseUser(user, process.User);
        if (args.Values("additional-gids") is { Count: > 0 } gids)
        {
            process.User ??= new Hull.Spec.User { Uid = 0, Gid = 0 };
            process.User.AdditionalGids = [.. gids.Select(g => uint.TryParse(g, out uint gid) ? gid : throw new UsageException($"invalid additional gid {g}"))];
        }
        if (args.Has("no-new-privs"))
            process.NoNewPrivileges = true;
        if (args.Value("apparmor") is { } profile)
            process.ApparmorProfile = profile;
        if (args.Value("process-label") is { } label)
            process.SelinuxLabel = label;
        if (args.Values("cap") is { Count: > 0 } caps)
        {
            var sets = process.Capabilities ??= new Hull.Spec.LinuxCapabilities();
            sets.Bounding = [.. sets.Bounding ?? [], .. caps];
            sets.Effective = [.. sets.Effective ?? [], .. caps];
            sets.Permitted = [.. sets.Permitted ?? [], .. caps];
            sets.Inheritable = [.. sets.Inheritable ?? [], .. caps];
            sets.Ambient = [.. sets.Ambient ?? [], .. caps];
        }
        return process;
    }

    private static Hull.Spec.User ParseUser(string text, Hull.Spec.User? current)
    {
        string[] parts = text.Split(':');
        if (parts.Length > 2 || !uint.TryParse(parts[0], out uint uid) || (parts.Length == 2 && !uint.TryParse(parts[1], out _)))
            throw new UsageException($"invalid --user {text}: expected <uid>[:<gid>]");
        return new Hull.Spec.User
        {
            Uid = uid,
            Gid = parts.Length == 2 ? uint.Parse(parts[1]) : 0,
            AdditionalGids = current?.AdditionalGids,
            Umask = current?.Umask,
        };
    }
}
