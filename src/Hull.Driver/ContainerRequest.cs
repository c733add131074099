namespace Hull.Driver;

/// <summary>What to create: an id, a config (given, or the bundle's config.json) and the init's stdio.</summary>
public sealed record ContainerRequest
{
    public required string Id { get; init; }

    /// <summary>The config; null to read the bundle's config.json. See <see cref="SpecBuilder"/>.</summary>
    public Hull.Spec.RuntimeSpec? Spec { get; init; }

    /// <summary>The bundle directory; a relative root.path in the config is resolved against it.</summary>
    public string Bundle { get; init; } = ".";

    public StdioMode Stdio { get; init; } = StdioMode.Pipes;

    /// <summary>A file to write the init's pid to once created.</summary>
    public string? PidFile { get; init; }

    public bool NoPivot { get; init; }

    public bool NoNewKeyring { get; init; }
}
