namespace Hull.Tests.Integration;

/// <summary>
/// A state store with bad entries beside good ones, as a crash or a full disk leaves it: `list` shows the good ones and
/// names each bad one, `state` says what is wrong, and `delete --force` of a bad one still ends its process and removes
/// its cgroups and directory.
/// </summary>
public sealed class CorruptStoreTests
{
    [Theory]
    [InlineData("", "EOF")]
    [InlineData("{\"id\": \"x\", \"init", "unexpected EOF")]
    [InlineData("{\"id\": \"x\n\"}", "invalid character '\\n' in string literal")]
    [InlineData("[1, 2", "expected an object")]
    public void ABadRecordHidesNothingAndCanBeDeleted(string text, string reason)
    {
        using var good = new TestBundle("sleep", "30");
        using var bad = new TestBundle("sleep", "30");
        Assert.Equal(0, good.Run("-d").ExitCode);
        Assert.Equal(0, bad.Run("-d").ExitCode);
        int badPid = bad.Pid();
        File.WriteAllText(Path.Combine("/run/hull", bad.Id, "state.json"), text);

        var list = good.Hull("list", "--quiet");
        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.Contains(good.Id, list.Stdout.Split('\n'));
        Assert.DoesNotContain(bad.Id, list.Stdout, StringComparison.Ordinal);
        Assert.Contains($"load container {bad.Id}: state of container {bad.Id} is corrupt: {reason}", list.Stderr, StringComparison.Ordinal);

        var state = bad.Hull("state", bad.Id);
        Assert.NotEqual(0, state.ExitCode);
        Assert.Contains($"state of container {bad.Id} is corrupt: ", state.Stderr, StringComparison.Ordinal);

        var delete = bad.Hull("delete", "--force", bad.Id);
        Assert.True(delete.ExitCode == 0, delete.ToString());
        Assert.True(ProcessGone(badPid), $"the container's process {badPid} outlived delete --force");
        HostState.AssertNothingLeft(bad);
        Assert.Equal("running", good.Status());
    }

    private static bool ProcessGone(int pid)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (DateTime.UtcNow < deadline)
        {
            string? stat = File.Exists($"/proc/{pid}/stat") ? TryRead($"/proc/{pid}/stat") : null;
            if (stat is null || stat[stat.LastIndexOf(')') + 2] == 'Z')
                return true;
            Thread.Sleep(10);
        }
        return false;
    }

    private static string? TryRead(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return null;
        }
    }
}
