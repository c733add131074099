namespace Hull.Runtime.State;

/// <summary>Container id rules, as runc enforces them: ASCII letters, digits, '_', '+', '-', '.', not "." or "..", at most 1024 characters.</summary>
public static class ContainerId
{
    public static void Validate(string id)
    {
        if (string.IsNullOrEmpty(id))
            throw new HullException("container id cannot be empty", ErrorKind.InvalidArgument);
        if (id.Length > 1024 || id is "." or ".." || !id.All(IsAllowed))
            throw new HullException($"invalid container id format: {id}", ErrorKind.InvalidArgument);
    }

    private static bool IsAllowed(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '+' or '-' or '.';
}
