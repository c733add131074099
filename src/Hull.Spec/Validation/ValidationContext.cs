namespace Hull.Spec;

/// <summary>Collects the errors and warnings of one validation run, and what the checks share.</summary>
internal sealed class ValidationContext
{
    private readonly List<SpecError> _errors = [];
    private readonly List<SpecError> _warnings = [];
    private readonly HashSet<string> _namespaces;

    public ValidationContext(RuntimeSpec spec)
    {
        Spec = spec;
        _namespaces = [.. (spec.Linux?.Namespaces ?? []).Select(n => n?.Type ?? "")];
    }

    public RuntimeSpec Spec { get; }

    /// <summary>Whether the config creates or joins a namespace of <paramref name="type"/>.</summary>
    public bool HasNamespace(string type) => _namespaces.Contains(type);

    /// <summary>The namespace entry of <paramref name="type"/>, if there is one.</summary>
    public LinuxNamespace? Namespace(string type) =>
        Spec.Linux?.Namespaces?.FirstOrDefault(n => n?.Type == type);

    public void Error(string path, string message) => _errors.Add(new SpecError(path, message));

    public void Warn(string path, string message) => _warnings.Add(new SpecError(path, message));

    public SpecValidationResult Result() => new(_errors.ToArray(), _warnings.ToArray());

    /// <summary>A value quoted the way Go's <c>%q</c> does for plain strings.</summary>
    public static string Q(string? value) => $"\"{value}\"";

    /// <summary>The path of element <paramref name="index"/> of the array at <paramref name="path"/>.</summary>
    public static string At(string path, int index) => $"{path}[{index}]";

    /// <summary>The path of member <paramref name="key"/> of the object at <paramref name="path"/>.</summary>
    public static string Key(string path, string key) => $"{path}['{key}']";

    public static bool IsAbsolute(string? path) => path is not null && path.StartsWith('/');
}
