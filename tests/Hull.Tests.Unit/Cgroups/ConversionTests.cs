using Hull.Cgroups;

namespace Hull.Tests.Unit.Cgroups;

public sealed class ConversionTests
{
    [Theory]
    [InlineData(0UL, 0UL)]
    [InlineData(2UL, 1UL)]
    [InlineData(1024UL, 100UL)]
    [InlineData(262144UL, 10000UL)]
    [InlineData(512UL, 59UL)]
    [InlineData(2048UL, 174UL)]
    public void CpuSharesBecomeWeights(ulong shares, ulong weight) =>
        Assert.Equal(weight, CgroupConversions.CpuSharesToWeight(shares));

    [Theory]
    [InlineData(0UL, 0UL)]
    [InlineData(10UL, 1UL)]
    [InlineData(500UL, 4950UL)]
    [InlineData(1000UL, 10000UL)]
    public void BlkioWeightsBecomeIoWeights(ulong blkio, ulong io) =>
        Assert.Equal(io, CgroupConversions.BlkioWeightToIoWeight(blkio));

    [Theory]
    [InlineData(200L, 100L, 100L)]
    [InlineData(-1L, 100L, -1L)]
    [InlineData(0L, -1L, -1L)]
    [InlineData(100L, 100L, 0L)]
    public void SwapIsMemoryPlusSwapInTheSpecAndSwapAloneInV2(long swap, long memory, long v2) =>
        Assert.Equal(v2, CgroupConversions.SwapToV2(swap, memory));

    [Fact]
    public void UnsetSwapStaysUnset() => Assert.Null(CgroupConversions.SwapToV2(null, 100));

    [Fact]
    public void SwapBelowMemoryOrWithoutMemoryIsRefused()
    {
        Assert.Throws<CgroupException>(() => CgroupConversions.SwapToV2(50, 100));
        Assert.Throws<CgroupException>(() => CgroupConversions.SwapToV2(50, null));
    }

    [Fact]
    public void CpuListsAreExpanded() => Assert.Equal([0, 1, 2, 5], CgroupConversions.ParseCpuList("0-2,5\n"));
}
