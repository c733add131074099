namespace Hull.Driver;

/// <summary>What a container process gets as stdin, stdout and stderr.</summary>
public enum StdioMode
{
    /// <summary>/dev/null for all three.</summary>
    Null,

    /// <summary>Three pipes, exposed as <see cref="ProcessIo.Input"/>, <see cref="ProcessIo.Output"/> and <see cref="ProcessIo.Error"/>.</summary>
    Pipes,

    /// <summary>A pseudo-terminal, exposed as <see cref="ProcessIo.Terminal"/>; the process spec's terminal flag is set.</summary>
    Terminal,

    /// <summary>This program's own stdin, stdout and stderr.</summary>
    Inherit,
}
