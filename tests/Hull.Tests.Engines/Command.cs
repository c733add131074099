using System.Diagnostics;

namespace Hull.Tests.Engines;

/// <summary>The result of one command.</summary>
public sealed record CommandResult(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\nstdout: {Stdout}\nstderr: {Stderr}";
}

/// <summary>Runs the engines' own command-line clients, output to files so detached children cannot hold it open.</summary>
public static class Command
{
    public static string HullBinary { get; } = Environment.GetEnvironmentVariable("HULL_BINARY") is { Length: > 0 } path
        ? path
        : Path.Combine(FindRepositoryRoot(), "hull");

    public static CommandResult Run(IReadOnlyList<string> command, int timeoutSeconds = 120)
    {
        string dir = Directory.CreateTempSubdirectory("hull-engine-out-").FullName;
        try
        {
            string stdout = Path.Combine(dir, "stdout"), stderr = Path.Combine(dir, "stderr");
            var info = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add($"exec \"$@\" >{stdout} 2>{stderr} </dev/null");
            info.ArgumentList.Add("sh");
            foreach (string arg in command)
                info.ArgumentList.Add(arg);
            using var process = Process.Start(info)!;
            if (!process.WaitForExit(TimeSpan.FromSeconds(timeoutSeconds)))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{string.Join(' ', command)} did not finish in {timeoutSeconds} s");
            }
            return new CommandResult(process.ExitCode, File.ReadAllText(stdout), File.ReadAllText(stderr));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    /// <summary>A tar of a busybox root filesystem (Debian's busybox-static), for `podman import`.</summary>
    public static string BusyboxTarball(string dir)
    {
        string rootfs = Path.Combine(dir, "rootfs");
        foreach (string sub in new[] { "bin", "dev", "proc", "sys", "tmp", "etc", "root" })
            Directory.CreateDirectory(Path.Combine(rootfs, sub));
        File.Copy("/bin/busybox", Path.Combine(rootfs, "bin/busybox"));
        foreach (string applet in Run(["/bin/busybox", "--list"]).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (applet != "busybox")
                File.CreateSymbolicLink(Path.Combine(rootfs, "bin", applet), "busybox");
        }
        File.WriteAllText(Path.Combine(rootfs, "etc/passwd"), "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/sh\n");
        File.WriteAllText(Path.Combine(rootfs, "etc/group"), "root:x:0:\nnogroup:x:65534:\n");
        string tar = Path.Combine(dir, "busybox.tar");
        var result = Run(["tar", "-C", rootfs, "-cf", tar, "."]);
        Assert.True(result.ExitCode == 0, result.ToString());
        return tar;
    }

    private static string FindRepositoryRoot()
    {
        string? dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "Makefile")))
            dir = Path.GetDirectoryName(dir);
        return dir ?? throw new InvalidOperationException("cannot find the repository root");
    }
}
