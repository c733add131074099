namespace Hull.Tests.Differential;

/// <summary>
/// One thing a caller does to a runtime, run the same way under runc and hull: a bundle whose config is the base config
/// (runc's `spec`, without a terminal) changed by a jq filter, and shell steps that drive the runtime and look at what it
/// did. Each step's exit code, standard output and standard error are compared, as are the files the steps left in the
/// bundle; see <see cref="Sandbox"/> for the variables and helpers a step can use.
/// </summary>
public sealed record Scenario(string Name, params string[] Steps)
{
    /// <summary>A jq filter applied to the base config.json before the steps; $id is the container id.</summary>
    public string Config { get; init; } = ".";

    /// <summary>Seconds a step may take before it is stopped and reported as timed out.</summary>
    public int StepTimeout { get; init; } = 20;

    /// <summary>Why the scenario is not run on this host (runc itself cannot run it here), or null.</summary>
    public string? Skip { get; init; }

    /// <summary>The command or config area it belongs to: the part of the name before the first '/'.</summary>
    public string Area => Name[..Name.IndexOf('/')];

    public override string ToString() => Name;
}
