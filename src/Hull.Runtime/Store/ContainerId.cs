namespace Hull.Runtime.Store;

/// <summary>
/// Container id rules, as runc enforces them: ASCII letters, digits and '_', '+', ',', '-', '.', but not "." or "..";
/// the length is left to the filesystem.
/// </summary>
public static class ContainerId
{
    public static void Validate(string id)
    {
        if (string.IsNullOrEmpty(id))
            throw new HullException("container id cannot be empty", ErrorKind.InvalidArgument);
        if (id is "." or ".." || !id.All(IsAllowed))
            throw new HullException("invalid container ID format", ErrorKind.InvalidArgument);
    }

    private static bool IsAllowed(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '+' or ',' or '-' or '.';
}
