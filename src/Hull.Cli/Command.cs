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

    public abstract int Execute(Arguments args, GlobalOptions global);

    public string Help()
    {
        var text = new System.Text.StringBuilder();
        text.Append($"NAME:\n   hull {Name} - {Summary}\n\nUSAGE:\n   hull {Name} [command options] {ArgumentsUsage}\n");
        if (Flags.Count > 0)
        {
            text.Append("\nOPTIONS:\n");
            foreach (var flag in Flags.Append(new Flag("help", "show help", false, "h")))
            {
                string names = string.Join(", ", new[] { flag.Name }.Concat(flag.Aliases).Select(n => n.Length == 1 ? $"-{n}" : $"--{n}"));
                text.Append($"   {(flag.TakesValue ? names + " value" : names),-30} {flag.Help}\n");
            }
        }
        return text.ToString();
    }

    protected static ContainerRuntime Runtime(GlobalOptions global) => new(global.ToRuntimeOptions());
}
