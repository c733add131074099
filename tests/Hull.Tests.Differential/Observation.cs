namespace Hull.Tests.Differential;

/// <summary>
/// What one runtime's run of a scenario showed a caller: each step's result, the entries the run added to or removed
/// from the bundle, and what it left on the host after `delete --force`.
/// </summary>
public sealed record Observation(IReadOnlyList<StepResult> Steps, IReadOnlyList<string> BundleChanges, IReadOnlyList<string> Leaks);
