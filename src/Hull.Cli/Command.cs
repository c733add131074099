using Hull.Runtime;

namespace Hull.Cli;

/// <summary>One `hull` subcommand: its flags, its help, and one library call.</summary>
internal abstract class Command
{
    public abstract string Name { get; }

    public abstract string Summary { get; }

    /// <summary>The argument part of the usage line, e.g. "&lt;container-id&gt;".</summary>
    public abstract string ArgumentsUsage { get; }

    public virtual IReadOnlyList<Flag> Flags => [];

    /// <summary>How many positional arguments the command takes (min, max).</summary>
    public virtual (int Min, int Max) Arity => (1, 1);

    /// <summary>
    /// Whether flags after the arguments are flags (moved in front, as runc does for most commands); not for commands
    /// whose later arguments belong to a program they run (exec, ps).
    /// </summary>
    public virtual bool ReordersFlags => true;

    /// <summary>What an error of this command starts with, as runc words it (e.g. "hull create failed: ").</summary>
    public virtual string ErrorPrefix => "";

    /// <summary>The exit code of a failure; runc's exec fails with 255, so that it is not taken for the process's own code.</summary>
    public virtual int FailureExitCode => 1;

    public abstract int Execute(Arguments args, GlobalOptions global);

    /// <summary>Refuses a wrong number of arguments as runc does: the count it needs, after the program's name as invoked.</summary>
    public void CheckArity(Arguments args)
    {
        var (min, max) = Arity;
        int count = args.Positionals.Count;
        string? need = min == max && count != min ? $"exactly {min}"
            : count < min ? $"a minimum of {min}"
            : count > max ? $"a maximum of {max}"
            : null;
        if (need is not null)
            throw new UsageException($"{ProgramName.AsInvoked}: \"{Name}\" requires {need} argument(s)", this, UsageProblem.ArgumentCount);
    }

    public string Help()
    {
        var text = new System.Text.StringBuilder();
        text.Append($"NAME:\n   {ProgramName.Short} {Name} - {Summary}\n\nUSAGE:\n   {ProgramName.Short} {Name} [command options] {ArgumentsUsage}\n");
        if (Flags.Count > 0)
        {
            text.Append("\nOPTIONS:\n");
            foreach (var flag in Flags)
                text.Append($"   {flag.Names,-30} {flag.Help}\n");
        }
        return text.ToString();
    }

    protected static ContainerRuntime Runtime(GlobalOptions global) => new(global.ToRuntimeOptions());
}
