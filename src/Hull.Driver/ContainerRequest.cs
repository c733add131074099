using Hull.Spec;

namespace Hull.Driver;

/// <summary>What to create: an id, a config (given, or the bundle's config.json) and the init's stdio.</summary>
public sealed record ContainerRequest
{
    /// <summary>The new container's id (runc's rules: letters, digits, and _ + - .).</summary>
    public required string Id { get; init; }

    /// <summary>The config; null to read the bundle's config.json. See <see cref="SpecBuilder"/>.</summary>
    public RuntimeSpec? Spec { get; init; }

    /// <summary>The bundle directory; a relative root.path in the config is resolved against it.</summary>
    public string Bundle { get; init; } = ".";

    /// <summary>What the init gets as stdio; <see cref="StdioMode.Terminal"/> gives it a terminal whatever the config says.</summary>
    public StdioMode Stdio { get; init; } = StdioMode.Pipes;

    /// <summary>A file to write the init's pid to once created.</summary>
    public string? PidFile { get; init; }

    /// <summary>Enter the root with chroot instead of pivot_root (for a root on a ramfs).</summary>
    public bool NoPivot { get; init; }

    /// <summary>Keep the caller's session keyring instead of a new one.</summary>
    public bool NoNewKeyring { get; init; }
}
