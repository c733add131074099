namespace Hull.Spec;

/// <summary>A configuration that cannot be read, written or used.</summary>
public sealed class SpecException : Exception
{
    /// <summary>Creates the exception with a message.</summary>
    public SpecException()
        : this("invalid spec")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public SpecException(string message)
        : this(message, errors: [], innerException: null)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public SpecException(string message, Exception? innerException)
        : this(message, errors: [], innerException)
    {
    }

    /// <summary>Creates the exception for failed validation.</summary>
    public SpecException(string message, IReadOnlyList<SpecError> errors, Exception? innerException = null)
        : base(message, innerException)
    {
        Errors = errors;
    }

    /// <summary>The validation errors, when validation failed; empty otherwise.</summary>
    public IReadOnlyList<SpecError> Errors { get; }
}
