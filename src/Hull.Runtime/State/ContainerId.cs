using System.Text.RegularExpressions;

namespace Hull.Runtime.State;

/// <summary>Container id rules, as runc enforces them: letters, digits, '_', '+', '-', '.', not "." or "..", at most 1024 characters.</summary>
public static partial class ContainerId
{
    public static void Validate(string id)
    {
        if (string.IsNullOrEmpty(id))
            throw new HullException("container id cannot be empty", ErrorKind.InvalidArgument);
        if (id.Length > 1024 || id is "." or ".." || !Allowed().IsMatch(id))
            throw new HullException($"invalid container id format: {id}", ErrorKind.InvalidArgument);
    }

    [GeneratedRegex(@"^[\w+\-.]+$", RegexOptions.CultureInvariant)]
    private static partial Regex Allowed();
}
