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

        var start = child.Receive();
        Assert.Equal(SyncMessage.Start, start.Type);
        Assert.True(start.Payload.IsEmpty);
        var config = child.Receive();
        Assert.Equal(SyncMessage.Config, config.Type);
        Assert.Equal(large, config.Payload.ToArray());
        var error = child.Receive();
        Assert.Equal(SyncMessage.Error, error.Type);
        Assert.Equal("no such file"u8.ToArray(), error.Payload.ToArray());
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

        var (type, payload, descriptors) = child.ReceiveWithDescriptors();

        Assert.Equal(SyncMessage.Config, type);
        Assert.Equal("{}"u8.ToArray(), payload.ToArray());
        using var received = Assert.Single(descriptors);
        Assert.True(File.Exists($"/proc/self/fd/{received.DangerousGetHandle()}"));
    }

    [Fact]
    public void AClosedPeerIsReportedAsClosed()
    {
        var (parentEnd, childEnd) = Syscall.SeqPacketPair();
        using var child = new SyncChannel(childEnd);
        parentEnd.Dispose();

        Assert.Equal(SyncMessage.Closed, child.Receive().Type);
    }
}
