namespace Hull.Tests.Driver;

/// <summary>What a destroyed container may not leave on the host.</summary>
public static class HostLeftovers
{
    public static void AssertNone(string id)
    {
        Assert.False(Directory.Exists(Path.Combine("/run/hull", id)), $"state directory of {id} left behind");
        Assert.Empty(HostCgroups.Named(id));
    }

    /// <summary>True once <paramref name="pid"/> is gone (reaped, not a zombie of this process).</summary>
    public static bool IsGone(int pid) => !File.Exists($"/proc/{pid}/stat");
}
