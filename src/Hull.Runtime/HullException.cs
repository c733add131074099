namespace Hull.Runtime;

/// <summary>What kind of failure an operation hit; the CLI chooses exit codes and wording from it.</summary>
public enum ErrorKind
{
    Failed,
    InvalidArgument,
    NotFound,
    AlreadyExists,
    InvalidState,

    /// <summary>A container's stored state cannot be read: list skips it, a forced delete removes what it can find.</summary>
    CorruptState,
}

/// <summary>The one error type of the runtime: a message that names the operation and object, and its kind.</summary>
public sealed class HullException : Exception
{
    public HullException(string message, ErrorKind kind = ErrorKind.Failed, Exception? inner = null)
        : base(message, inner)
    {
        Kind = kind;
    }

    public ErrorKind Kind { get; }

    /// <summary>runc's words, which engines match on.</summary>
    public static HullException NotFound() => new("container does not exist", ErrorKind.NotFound);
}
