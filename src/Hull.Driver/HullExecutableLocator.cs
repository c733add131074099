using System.Runtime.InteropServices;

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
        // Where the SDK puts the Hull.Driver package's native hull in a program built for any runtime identifier (a
        // program built for linux-x64 gets it beside itself, above).
        candidates.Add(Path.Combine(AppContext.BaseDirectory, "runtimes", PackageRuntimeIdentifier, "native", "hull"));
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
            candidates.Add(Path.Combine(dir, "hull"));
        return candidates.Select(Existing).FirstOrDefault(found => found is not null)
            ?? throw new Hull.Runtime.HullException(
                $"no hull executable found: add the Hull.Driver package, set HostOptions.HullExecutable or ${Variable}, or put hull beside this program or on PATH",
                Hull.Runtime.ErrorKind.NotFound);
    }

    private static string PackageRuntimeIdentifier => "linux-" + RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant();

    private static string? Existing(string path) => File.Exists(path) ? Path.GetFullPath(path) : null;
}
