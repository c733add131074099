namespace Hull.Cli;

/// <summary>
/// A command line that cannot be run as written. Like runc (urfave/cli), the CLI prints "Incorrect Usage" and the help
/// of <see cref="Command"/> (the whole program's when null) to stdout, and logs the message as an error.
/// </summary>
internal sealed class UsageException(string message, Command? command, UsageProblem problem) : Exception(message)
{
    public Command? Command { get; } = command;

    public UsageProblem Problem { get; } = problem;

    /// <summary>The first line on stdout: the flag error follows it; a wrong argument count is said only in the log.</summary>
    public string Headline => Problem switch
    {
        UsageProblem.ArgumentCount => "Incorrect Usage.",
        _ when Command is null => $"Incorrect Usage. {Message}",
        _ => $"Incorrect Usage: {Message}",
    };
}

internal enum UsageProblem
{
    /// <summary>A flag that does not exist, lacks its value, or has a value of the wrong kind.</summary>
    Flag,
    /// <summary>Too few or too many arguments for the command.</summary>
    ArgumentCount,
}
