namespace Hull.Runtime;

/// <summary>What kind of failure an operation hit; the CLI chooses exit codes and wording from it.</summary>
public enum ErrorKind
{
    Failed,
    InvalidArgument,
    NotFound,
    AlreadyExists,
    InvalidState,
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

    public static HullException NotFound(string id) => new($"container \"{id}\" does not exist", ErrorKind.NotFound);
}
