using Hull.Runtime.Store;

namespace Hull.Tests.Unit.Runtime;

public sealed class ProcessIdentityTests
{
    [Fact]
    public void StartTimeIsFieldTwentyTwoEvenWithSpacesInTheName()
    {
        const string stat = "1234 (a (weird) name) S 1 1234 1234 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 987654 1000 100";
        Assert.Equal(987654UL, ProcessIdentity.ParseStartTime(stat));
    }

    [Fact]
    public void ThisProcessIsAliveAndAReusedPidIsNot()
    {
        var self = ProcessIdentity.Of(Environment.ProcessId)!.Value;
        Assert.True(self.IsAlive());
        Assert.False((self with { StartTime = self.StartTime + 1 }).IsAlive());
    }

    [Fact]
    public void AMissingProcessHasNoIdentity() => Assert.Null(ProcessIdentity.Of(int.MaxValue));
}
