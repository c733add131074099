using Hull.Spec;

namespace Hull.Tests.Integration;

/// <summary>
/// A real OCI bundle in a temporary directory: a busybox rootfs (Debian's busybox-static) and
/// hull's default config with the terminal off. Disposing removes it.
/// </summary>
public sealed class TestBundle : IDisposable
{
    public TestBundle(params string[] args)
    {
        Dir = Directory.CreateTempSubdirectory("hull-test-").FullName;
        // World-traversable, as a bundle must be for a container whose root is an unprivileged host id.
        File.SetUnixFileMode(Dir, (UnixFileMode)0b111_101_101);
        Rootfs = Path.Combine(Dir, "rootfs");
        foreach (string sub in new[] { "bin", "dev", "proc", "sys", "tmp", "etc", "root" })
            Directory.CreateDirectory(Path.Combine(Rootfs, sub));
        File.Copy("/bin/busybox", Path.Combine(Rootfs, "bin/busybox"));
        foreach (string applet in BusyboxApplets.Value)
        {
            string link = Path.Combine(Rootfs, "bin", applet);
            if (!File.Exists(link))
                File.CreateSymbolicLink(link, "busybox");
        }
        File.WriteAllText(Path.Combine(Rootfs, "etc/passwd"), "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/sh\n");
        File.WriteAllText(Path.Combine(Rootfs, "etc/group"), "root:x:0:\nnogroup:x:65534:\n");
        Spec = DefaultSpec.Create(rootless: false);
        Spec.Process!.Terminal = false;
        Spec.Process.Args = args.Length > 0 ? [.. args] : ["true"];
        Spec.Root!.Readonly = false;
    }

    public string Dir { get; }

    public string Rootfs { get; }

    /// <summary>The config to write; change it before <see cref="Save"/>.</summary>
    public RuntimeSpec Spec { get; }

    public string Id { get; } = $"t{Guid.NewGuid():N}"[..13];

    public TestBundle Save()
    {
        SpecLoader.Save(Spec, Path.Combine(Dir, "config.json"));
        return this;
    }

    /// <summary>Saves the config and runs the container in the foreground.</summary>
    public HullResult Run(params string[] extraFlags) => Save().Hull(["run", .. extraFlags, "--bundle", Dir, Id]);

    public HullResult Create(params string[] extraFlags) => Save().Hull(["create", .. extraFlags, "--bundle", Dir, Id]);

    public HullResult Hull(params string[] args) => HullProcess.Run(args);

    /// <summary>The container's status as `hull state` reports it.</summary>
    public string Status()
    {
        var result = HullProcess.Run("state", Id);
        Assert.True(result.ExitCode == 0, result.ToString());
        using var doc = System.Text.Json.JsonDocument.Parse(result.Stdout);
        return doc.RootElement.GetProperty("status").GetString()!;
    }

    public int Pid()
    {
        using var doc = System.Text.Json.JsonDocument.Parse(HullProcess.Run("state", Id).Stdout);
        return doc.RootElement.GetProperty("pid").GetInt32();
    }

    /// <summary>Waits until `hull state` reports the status (the container process ends asynchronously).</summary>
    public void WaitForStatus(string status)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (Status() != status)
        {
            Assert.True(DateTime.UtcNow < deadline, $"container {Id} never became {status}");
            Thread.Sleep(20);
        }
    }

    public void Dispose()
    {
        HullProcess.Run("delete", "--force", Id);
        Directory.Delete(Dir, recursive: true);
    }

    private static readonly Lazy<string[]> BusyboxApplets = new(() =>
    {
        var info = new System.Diagnostics.ProcessStartInfo("/bin/busybox", "--list") { RedirectStandardOutput = true };
        using var process = System.Diagnostics.Process.Start(info)!;
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    });
}
