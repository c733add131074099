using Hull.Cli.Commands;
using Hull.Runtime;
using Hull.Runtime.Init;

namespace Hull.Cli;

/// <summary>The `hull` command line: global flags, dispatch, and the only place that prints errors and picks exit codes.</summary>
public static class Entry
{
    private static readonly Command[] Commands =
    [
        new CreateCommand(), new StartCommand(), new RunCommand(), new StateCommand(), new KillCommand(),
        new DeleteCommand(), new ExecCommand(), new PauseCommand(), new ResumeCommand(), new PsCommand(), new EventsCommand(),
        new UpdateCommand(), new ListCommand(), new SpecCommand(), new FeaturesCommand(),
        new LogsCommand(), new WaitCommand(), new AttachCommand(), new MonitorCommand(),
    ];

    public static int Run(string[] args)
    {
        if (ContainerInit.IsContainerChild)
            return ContainerInit.Run();
        ErrorLog log = new(null, null);
        try
        {
            var parsed = Arguments.Parse(args, GlobalOptions.Flags);
            var global = new GlobalOptions { Parsed = parsed };
            log = new ErrorLog(parsed.Value("log"), parsed.Value("log-format"));
            Warnings.Sink = log.Warning;
            if (parsed.Has("version"))
            {
                Console.Out.Write(VersionText());
                return 0;
            }
            if (parsed.Positionals.Count == 0 || parsed.Has("help") || parsed.Positionals[0] == "help")
            {
                Console.Out.Write(GeneralHelp());
                return parsed.Positionals.Count == 0 && !parsed.Has("help") ? 1 : 0;
            }
            string name = parsed.Positionals[0];
            var command = Commands.FirstOrDefault(c => c.Name == name)
                ?? throw new UsageException($"No help topic for '{name}'");
            return Execute(command, parsed.Positionals.Skip(1).ToList(), global);
        }
        catch (UsageException e)
        {
            log.Error(e.Message);
            return 1;
        }
        catch (HullException e)
        {
            log.Error(e.Message);
            return 1;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Hull.Linux.SyscallException or Hull.Spec.SpecException)
        {
            log.Error(e.Message);
            return 1;
        }
        catch (Exception e)
        {
            log.Error($"internal error ({e.GetType().Name}): {e.Message}");
            return 1;
        }
    }

    private static int Execute(Command command, List<string> rest, GlobalOptions global)
    {
        var args = Arguments.Parse(rest, [.. command.Flags, new Flag("help", "show help", false, "h")]);
        if (args.Has("help"))
        {
            Console.Out.Write(command.Help());
            return 0;
        }
        var (min, max) = command.Arity;
        if (args.Positionals.Count < min || args.Positionals.Count > max)
        {
            Console.Error.Write(command.Help());
            string count = min == max ? $"exactly {min}" : $"{min} to {max}";
            throw new UsageException($"\"{command.Name}\" requires {count} argument(s)");
        }
        return command.Execute(args, global);
    }

    public static string VersionText() =>
        $"hull version {RuntimeInfo.Version}\ncommit: {BuildInfo.Commit}\nspec: {RuntimeInfo.SpecVersion}\n";

    private static string GeneralHelp()
    {
        var text = new System.Text.StringBuilder();
        text.Append("NAME:\n   hull - Open Container Initiative runtime\n\n");
        text.Append("hull is a command line client for running applications packaged according to\nthe Open Container Initiative (OCI) format.\n\n");
        text.Append("USAGE:\n   hull [global options] command [command options] [arguments...]\n\nCOMMANDS:\n");
        foreach (var command in Commands)
            text.Append($"   {command.Name,-10} {command.Summary}\n");
        text.Append("\nGLOBAL OPTIONS:\n");
        foreach (var flag in GlobalOptions.Flags)
        {
            string names = string.Join(", ", new[] { flag.Name }.Concat(flag.Aliases).Select(n => n.Length == 1 ? $"-{n}" : $"--{n}"));
            text.Append($"   {(flag.TakesValue ? names + " value" : names),-30} {flag.Help}\n");
        }
        return text.ToString();
    }
}
