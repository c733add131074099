namespace Hull.Spec;

/// <summary>What <see cref="SpecValidator"/> found: errors make the config unusable, warnings do not.</summary>
public sealed class SpecValidationResult
{
    /// <summary>Creates a result.</summary>
    public SpecValidationResult(IReadOnlyList<SpecError> errors, IReadOnlyList<SpecError> warnings)
    {
        Errors = errors;
        Warnings = warnings;
    }

    /// <summary>Problems the runtime refuses to run with.</summary>
    public IReadOnlyList<SpecError> Errors { get; }

    /// <summary>Problems the runtime works around, e.g. unknown capabilities, which are ignored.</summary>
    public IReadOnlyList<SpecError> Warnings { get; }

    /// <summary>Whether there are no errors.</summary>
    public bool IsValid => Errors.Count == 0;
}
