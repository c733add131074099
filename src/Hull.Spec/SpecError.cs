namespace Hull.Spec;

/// <summary>A problem found in a configuration, at a JSON path such as <c>$.linux.namespaces[2].type</c>.</summary>
/// <param name="Path">JSON path of the offending value.</param>
/// <param name="Message">What is wrong, short and lowercase.</param>
public sealed record SpecError(string Path, string Message)
{
    /// <summary>The path and the message, e.g. <c>$.process.cwd: cwd must be an absolute path</c>.</summary>
    public override string ToString() => $"{Path}: {Message}";
}
