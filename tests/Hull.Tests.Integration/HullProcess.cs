using System.Diagnostics;

namespace Hull.Tests.Integration;

/// <summary>The result of one `hull` invocation.</summary>
public sealed record HullResult(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\nstdout: {Stdout}\nstderr: {Stderr}";
}

/// <summary>Runs the built native `hull` binary, as a user would.</summary>
public static class HullProcess
{
    /// <summary>The binary under test: $HULL_BINARY, or ./hull at the repository root.</summary>
    public static string Binary { get; } = Environment.GetEnvironmentVariable("HULL_BINARY") is { Length: > 0 } path
        ? path
        : Path.Combine(RepositoryRoot(), "hull");

    public static HullResult Run(params string[] args) => RunIn(null, TimeSpan.FromSeconds(60), args);

    public static HullResult RunIn(string? workingDirectory, TimeSpan timeout, params string[] args)
    {
        var info = new ProcessStartInfo(Binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (string arg in args)
            info.ArgumentList.Add(arg);
        using var process = Process.Start(info)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"hull {string.Join(' ', args)} did not finish in {timeout}");
        }
        return new HullResult(process.ExitCode, stdout.Result, stderr.Result);
    }

    private static string RepositoryRoot()
    {
        string? dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "Makefile")))
            dir = Path.GetDirectoryName(dir);
        return dir ?? throw new InvalidOperationException("cannot find the repository root");
    }
}
