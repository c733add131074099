using Hull.Cli.Commands;
using Hull.Runtime;
using Hull.Runtime.Child;
using Hull.Spec;

namespace Hull.Cli;

/// <summary>The `hull` command line: global flags, dispatch, and the only place that prints errors and picks exit codes.</summary>
public static class Entry
{
    private static readonly Command[] Commands =
    [
        new CreateCommand(), new DeleteCommand(), new EventsCommand(), new ExecCommand(), new KillCommand(),
        new ListCommand(), new PauseCommand(), new PsCommand(), new ResumeCommand(), new RunCommand(),
        new SpecCommand(), new StartCommand(), new StateCommand(), new UpdateCommand(), new FeaturesCommand(),
        new LogsCommand(), new WaitCommand(), new AttachCommand(), new MonitorCommand(), new CheckpointCommand(), new RestoreCommand(),
    ];

    /// <summary>urfave/cli's exit code for a command that does not exist, which runc keeps.</summary>
    private const int UnknownCommandExitCode = 3;

    public static int Run(string[] args)
    {
        if (ContainerInit.IsContainerChild)
            return ContainerInit.Run();
        var log = CliLog.Stderr;
        Command? command = null;
        try
        {
            var global = Arguments.Parse(args, GlobalOptions.Flags, owner: null, reorder: false);
            log = new CliLog(global.Value("log"), global.Value("log-format"), global.Has("debug"));
            RuntimeLog.Sink = log.Write;
            RuntimeLog.DebugEnabled = global.Has("debug");
            if (global.Has("help"))
                return Print(GeneralHelp());
            if (global.Has("version"))
                return Print(VersionText());
            if (global.Positionals.Count == 0)
                return Print(GeneralHelp());
            string name = global.Positionals[0];
            var rest = global.Positionals.Skip(1).ToList();
            if (name is "help" or "h")
                return rest.Count == 0 ? Print(GeneralHelp()) : Print(Find(rest[0]).Help());
            command = Find(name);
            var parsed = Arguments.Parse(rest, command.Flags, command, command.ReordersFlags);
            if (parsed.Has("help"))
                return Print(command.Help());
            command.CheckArity(parsed);
            RuntimeLog.Debug($"{command.Name}: {string.Join(' ', rest)}");
            return command.Execute(parsed, new GlobalOptions { Parsed = global });
        }
        catch (UsageException e)
        {
            StandardStreams.Out.Write($"{e.Headline}\n\n{e.Command?.Help() ?? GeneralHelp()}");
            log.Error(e.Message);
            return 1;
        }
        catch (UnknownCommandException e)
        {
            log.Error(e.Message);
            return UnknownCommandExitCode;
        }
        catch (Exception e) when (e is HullException or IOException or UnauthorizedAccessException or Hull.Linux.SyscallException or SpecException)
        {
            log.Error((command?.ErrorPrefix ?? "") + e.Message);
            return command?.FailureExitCode ?? 1;
        }
        catch (Exception e)
        {
            log.Error($"{command?.ErrorPrefix}internal error ({e.GetType().Name}): {e.Message}");
            return command?.FailureExitCode ?? 1;
        }
    }

    private static Command Find(string name) =>
        Commands.FirstOrDefault(c => c.Name == name) ?? throw new UnknownCommandException(name);

    private static int Print(string text)
    {
        StandardStreams.Out.Write(text);
        return 0;
    }

    public static string VersionText() =>
        $"{ProgramName.Short} version {RuntimeInfo.Version}\ncommit: {BuildInfo.Commit}\nspec: {RuntimeInfo.SpecVersion}\n"
        + (Hull.Linux.SeccompFilter.Version is { } seccomp ? $"libseccomp: {seccomp}\n" : "");

    private static string GeneralHelp()
    {
        var text = new System.Text.StringBuilder();
        text.Append($"NAME:\n   {ProgramName.Short} - Open Container Initiative runtime\n\n");
        text.Append($"{ProgramName.Short} is a command line client for running applications packaged according to\nthe Open Container Initiative (OCI) format.\n\n");
        text.Append($"USAGE:\n   {ProgramName.Short} [global options] command [command options] [arguments...]\n\nCOMMANDS:\n");
        foreach (var command in Commands.Where(c => c is not MonitorCommand))
            text.Append($"   {command.Name,-10} {command.Summary}\n");
        text.Append($"   {"help, h",-10} Shows a list of commands or help for one command\n");
        text.Append("\nGLOBAL OPTIONS:\n");
        foreach (var flag in GlobalOptions.Flags)
            text.Append($"   {flag.Names,-30} {flag.Help}\n");
        return text.ToString();
    }

    /// <summary>A command name hull does not have; runc's message ends in a line break, which its log shows as \n.</summary>
    private sealed class UnknownCommandException(string name) : Exception($"No help topic for '{name}'\n");
}
