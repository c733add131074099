namespace Hull.Tests.Engines;

/// <summary>Waiting for what an engine does in the background (a log line, a restart), a tenth of a second at a time.</summary>
public static class Waiting
{
    public static void For(Func<bool> condition, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"condition not met in {seconds} s");
            Thread.Sleep(100);
        }
    }
}
