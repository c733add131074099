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
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>The binary under test: $HULL_BINARY, or ./hull at the repository root.</summary>
    public static string Binary { get; } = Environment.GetEnvironmentVariable("HULL_BINARY") is { Length: > 0 } path
        ? path
        : Path.Combine(RepositoryRoot, "hull");

    public static HullResult Run(params string[] args) => RunShell("", args);

    /// <summary>
    /// Runs hull behind `sh -c`, with <paramref name="shellPrefix"/> before the exec (e.g. "exec 3&lt;file;").
    /// Output goes to files, and the call waits for hull's exit rather than for end-of-file, since a
    /// created or detached container keeps hull's stdio open.
    /// </summary>
    public static HullResult RunShell(string shellPrefix, params string[] args) => RunCommand(shellPrefix, [Binary, .. TestFlags.Global, .. args]);

    /// <summary>Runs any command the way <see cref="RunShell"/> runs hull: output to files, waiting for its exit.</summary>
    public static HullResult RunCommand(string shellPrefix, IReadOnlyList<string> command)
    {
        string dir = Directory.CreateTempSubdirectory("hull-out-").FullName;
        try
        {
            string stdout = Path.Combine(dir, "stdout"), stderr = Path.Combine(dir, "stderr");
            var info = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, RedirectStandardInput = true };
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add($"{shellPrefix} exec \"$0\" \"$@\" >{stdout} 2>{stderr} </dev/null");
            foreach (string arg in command)
                info.ArgumentList.Add(arg);
            using var process = Process.Start(info)!;
            process.StandardInput.Close();
            if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{string.Join(' ', command)} did not finish in 60 s");
            }
            return new HullResult(process.ExitCode, File.ReadAllText(stdout), File.ReadAllText(stderr));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    private static string FindRepositoryRoot()
    {
        string? dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "Makefile")))
            dir = Path.GetDirectoryName(dir);
        return dir ?? throw new InvalidOperationException("cannot find the repository root");
    }
}
