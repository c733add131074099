namespace Hull.Tests.Differential;

/// <summary>One of the two runtimes every scenario runs under: runc, the oracle, and hull.</summary>
public sealed record RuntimeUnderTest(string Name, string Binary)
{
    /// <summary>Debian's runc, the behaviour Hull is held to.</summary>
    public static RuntimeUnderTest Runc { get; } = new("runc", "/usr/sbin/runc");

    /// <summary>The hull under test: $HULL_BINARY, or ./hull at the repository root.</summary>
    public static RuntimeUnderTest Hull { get; } = new("hull",
        Environment.GetEnvironmentVariable("HULL_BINARY") is { Length: > 0 } path ? path : Path.Combine(Repository.Root, "hull"));
}

/// <summary>Where the repository is, for the binary and for docs/compatibility.md.</summary>
public static class Repository
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        string? dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "Hull.slnx")))
            dir = Path.GetDirectoryName(dir);
        return dir ?? throw new InvalidOperationException("cannot find the repository root");
    }
}
