using Hull.Runtime;
using Hull.Runtime.Store;

namespace Hull.Tests.Unit.Runtime;

public sealed class ContainerIdTests
{
    [Theory]
    [InlineData("web")]
    [InlineData("a.b-c_d+e")]
    [InlineData("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    public void RuncStyleIdsAreAccepted(string id) => ContainerId.Validate(id);

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("../etc")]
    [InlineData("a/b")]
    [InlineData("with space")]
    [InlineData("tab\t")]
    public void IdsThatCouldEscapeTheStateRootAreRejected(string id)
    {
        var error = Assert.Throws<HullException>(() => ContainerId.Validate(id));
        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
    }

    [Fact]
    public void RuncsCharacterRangeIsAllowedAndItsWordsRefuseTheRest()
    {
        ContainerId.Validate("a,b+c-d.e_f");
        Assert.Equal("invalid container ID format", Assert.Throws<HullException>(() => ContainerId.Validate("a/b")).Message);
    }
}
