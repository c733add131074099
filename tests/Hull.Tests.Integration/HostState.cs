namespace Hull.Tests.Integration;

/// <summary>What a container may leave on the host, checked after it is gone.</summary>
public static class HostState
{
    public static void AssertNothingLeft(TestBundle bundle)
    {
        Assert.False(Directory.Exists(Path.Combine("/run/hull", bundle.Id)), $"state directory of {bundle.Id} left behind");
        Assert.Empty(HostCgroups.Named(bundle.Id));
        string mounts = File.ReadAllText("/proc/self/mountinfo");
        Assert.DoesNotContain(bundle.Dir, mounts, StringComparison.Ordinal);
    }

    /// <summary>The numeric owner of a host file, as stat(1) reports it.</summary>
    public static string OwnerOf(string path)
    {
        var info = new System.Diagnostics.ProcessStartInfo("stat", ["-c", "%u", path]) { RedirectStandardOutput = true };
        using var process = System.Diagnostics.Process.Start(info)!;
        string owner = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        return owner;
    }
}
