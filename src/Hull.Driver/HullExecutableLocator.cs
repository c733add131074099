namespace Hull.Driver;

/// <summary>Finds the `hull` executable a library host starts container processes from.</summary>
internal static class HullExecutableLocator
{
    public const string Variable = "HULL_BINARY";

    public static string Find(string? configured)
    {
        if (configured is not null)
            return Existing(configured) ?? throw new Hull.Runtime.HullException($"hull executable {configured} does not exist", Hull.Runtime.ErrorKind.InvalidArgument);
        var candidates = new List<string>();
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } fromEnvironment)
            candidates.Add(fromEnvironment);
        candidates.Add(Path.Combine(AppContext.BaseDirectory, "hull"));
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
            candidates.Add(Path.Combine(dir, "hull"));
        return candidates.Select(Existing).FirstOrDefault(found => found is not null)
            ?? throw new Hull.Runtime.HullException(
                $"no hull executable found: set HostOptions.HullExecutable or ${Variable}, or put hull beside this program or on PATH",
                Hull.Runtime.ErrorKind.NotFound);
    }

    private static string? Existing(string path) => File.Exists(path) ? Path.GetFullPath(path) : null;
}
