using Hull.Linux;
using Hull.Runtime.Protocol;

namespace Hull.Tests.Unit.Runtime;

public sealed class SyncChannelTests
{
    [Fact]
    public void PacketsOfAnySizeArriveWholeAndInOrder()
    {
        var (parentEnd, childEnd) = Syscall.SeqPacketPair();
        using var parent = new SyncChannel(parentEnd);
        using var child = new SyncChannel(childEnd);
        byte[] large = new byte[150 * 1024];
        new Random(7).NextBytes(large);

        parent.Send(SyncMessage.Start);
        parent.Send(SyncMessage.Config, large);
        parent.Send(SyncMessage.Error, "no such file");

        Assert.True(child.Expect(SyncMessage.Start, "start").IsEmpty);
        Assert.Equal(large, child.Expect(SyncMessage.Config, "config").ToArray());
        var error = Assert.Throws<Hull.Runtime.HullException>(() => child.Expect(SyncMessage.Ready, "wait for ready"));
        Assert.Equal("wait for ready: no such file", error.Message);
    }

    [Fact]
    public void DescriptorsArriveWithTheirPacket()
    {
        var (parentEnd, childEnd) = Syscall.SeqPacketPair();
        using var parent = new SyncChannel(parentEnd);
        using var child = new SyncChannel(childEnd);
        var (readEnd, writeEnd) = Syscall.StreamPair();
        using (readEnd)
        using (writeEnd)
            parent.Send(SyncMessage.Config, "{}"u8, [writeEnd]);

        var (payload, descriptors) = child.ExpectWithDescriptors(SyncMessage.Config, "config");

        Assert.Equal("{}"u8.ToArray(), payload.ToArray());
        int fd = Assert.Single(descriptors);
        Assert.True(File.Exists($"/proc/self/fd/{fd}"));
        Syscall.CloseRaw(fd);
    }

    [Fact]
    public void AClosedPeerIsReportedAsClosed()
    {
        var (parentEnd, childEnd) = Syscall.SeqPacketPair();
        using var child = new SyncChannel(childEnd);
        parentEnd.Dispose();

        Assert.Equal(SyncMessage.Closed, child.Receive().Type);
        child.ExpectExec("wait for exec");
    }
}
