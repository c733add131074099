using System.Text.Json;

namespace Hull.Tests.Integration;

public sealed class CliTests
{
    [Fact]
    public void VersionNamesHullItsCommitAndSpec()
    {
        var result = HullProcess.Run("--version");
        Assert.Equal(0, result.ExitCode);
        string[] lines = result.Stdout.TrimEnd().Split('\n');
        Assert.Equal(4, lines.Length);
        Assert.Matches(@"^hull version \d+\.\d+\.\d+$", lines[0]);
        Assert.StartsWith("commit: ", lines[1], StringComparison.Ordinal);
        Assert.Equal("spec: 1.2.0", lines[2]);
        Assert.Matches(@"^libseccomp: \d+\.\d+\.\d+$", lines[3]);
    }

    [Fact]
    public void InvokedByAnotherNameHullSpeaksByThatName()
    {
        string dir = Directory.CreateTempSubdirectory("hull-name-").FullName;
        try
        {
            string link = Path.Combine(dir, "runc");
            File.CreateSymbolicLink(link, HullProcess.Binary);
            var version = HullProcess.RunCommand("", [link, "-v"]);
            Assert.Matches(@"^runc version \d+\.\d+\.\d+\n", version.Stdout);
            Assert.Equal("   runc - Open Container Initiative runtime", HullProcess.RunCommand("", [link, "-h"]).Stdout.Split('\n')[1]);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void SingleDashFlagsWorkLikeDoubleDash()
    {
        Assert.Equal(HullProcess.Run("--version").Stdout, HullProcess.Run("-version").Stdout);
        Assert.Equal(HullProcess.Run("--version").Stdout, HullProcess.Run("-v").Stdout);
    }

    [Fact]
    public void SpecWritesALoadableConfigAndRefusesToOverwrite()
    {
        string dir = Directory.CreateTempSubdirectory("hull-spec-").FullName;
        try
        {
            Assert.Equal(0, HullProcess.Run("spec", "--bundle", dir).ExitCode);
            var spec = Hull.Spec.SpecLoader.Load(Path.Combine(dir, "config.json"));
            Assert.Equal(["sh"], spec.Process!.Args!);
            Assert.Contains(spec.Linux!.Namespaces!, n => n.Type == "pid");

            var again = HullProcess.Run("spec", "-b", dir);
            Assert.Equal(1, again.ExitCode);
            Assert.Contains("exists", again.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void RootlessSpecHasAUserNamespaceAndMappings()
    {
        string dir = Directory.CreateTempSubdirectory("hull-spec-").FullName;
        try
        {
            Assert.Equal(0, HullProcess.Run("spec", "--rootless", "--bundle", dir).ExitCode);
            var spec = Hull.Spec.SpecLoader.Load(Path.Combine(dir, "config.json"));
            Assert.Contains(spec.Linux!.Namespaces!, n => n.Type == "user");
            Assert.NotEmpty(spec.Linux.UidMappings!);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void StateOfAnUnknownContainerIsAClearError()
    {
        var result = HullProcess.Run("state", "no-such-container");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("does not exist", result.Stderr, StringComparison.Ordinal);
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public void JsonLogLinesHaveRuncsShape()
    {
        string log = Path.GetTempFileName();
        try
        {
            var result = HullProcess.Run("--log", log, "--log-format", "json", "state", "no-such-container");
            Assert.Equal(1, result.ExitCode);
            string line = File.ReadAllText(log).TrimEnd();
            Assert.Matches("""^\{"level":"error","msg":"container does not exist","time":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"\}$""", line);
            using var doc = JsonDocument.Parse(line);
            Assert.Equal(["level", "msg", "time"], doc.RootElement.EnumerateObject().Select(p => p.Name));
        }
        finally
        {
            File.Delete(log);
        }
    }

    [Fact]
    public void ListOnAnEmptyRootPrintsTheHeaderOnly()
    {
        string root = Directory.CreateTempSubdirectory("hull-root-").FullName;
        try
        {
            var table = HullProcess.Run("--root", root, "list");
            Assert.Equal(0, table.ExitCode);
            Assert.Equal("ID          PID         STATUS      BUNDLE      CREATED     OWNER\n", table.Stdout);
            Assert.Equal("null\n", HullProcess.Run("--root", root, "list", "--format", "json").Stdout);
            Assert.Equal("", HullProcess.Run("--root", root, "list", "-q").Stdout);
        }
        finally
        {
            Directory.Delete(root, true);
        }
    }

    [Fact]
    public void InvalidContainerIdsAreRejected()
    {
        var result = HullProcess.Run("state", "../etc");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("invalid container ID format", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryCommandHasHelp()
    {
        foreach (string command in new[] { "create", "start", "run", "exec", "state", "kill", "delete", "list", "ps", "pause", "resume", "events", "update", "spec", "features" })
        {
            var result = HullProcess.Run(command, "--help");
            Assert.Equal(0, result.ExitCode);
            Assert.Contains($"hull {command}", result.Stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void FeaturesDescribeTheSupportedSpecRange()
    {
        var result = HullProcess.Run("features");
        Assert.Equal(0, result.ExitCode);
        using var doc = JsonDocument.Parse(result.Stdout);
        Assert.Equal("1.0.0", doc.RootElement.GetProperty("ociVersionMin").GetString());
        Assert.Equal("1.2.0", doc.RootElement.GetProperty("ociVersionMax").GetString());
        var namespaces = doc.RootElement.GetProperty("linux").GetProperty("namespaces").EnumerateArray().Select(e => e.GetString());
        Assert.Contains("pid", namespaces);
    }

    [Fact]
    public void FeaturesNameTheLibseccompLinkedIn()
    {
        var result = HullProcess.Run("features");
        Assert.Equal(0, result.ExitCode);
        using var doc = JsonDocument.Parse(result.Stdout);
        Assert.True(doc.RootElement.GetProperty("linux").GetProperty("seccomp").GetProperty("enabled").GetBoolean());
        string linked = doc.RootElement.GetProperty("annotations").GetProperty("io.github.seccomp.libseccomp.version").GetString()!;
        Assert.Equal(DebianUpstreamVersion("libseccomp-dev"), linked);
    }

    /// <summary>"2.5.4" for a package at "2.5.4-1+deb12u1": the archive hull was linked with.</summary>
    private static string DebianUpstreamVersion(string package)
    {
        var info = new System.Diagnostics.ProcessStartInfo("dpkg-query", ["-W", "-f", "${Version}", package]) { RedirectStandardOutput = true };
        using var process = System.Diagnostics.Process.Start(info)!;
        string version = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        return version.Split(':')[^1].Split('-')[0];
    }
}
