using Hull.Linux;
using Hull.Runtime.Child;

namespace Hull.Tests.Unit.Runtime;

public sealed class MountOptionsTests
{
    [Fact]
    public void FlagsPropagationAndDataAreSeparated()
    {
        var options = MountOptions.Parse(["nosuid", "nodev", "ro", "rslave", "size=65536k", "mode=755"]);
        Assert.Equal(Syscall.MS_NOSUID | Syscall.MS_NODEV | Syscall.MS_RDONLY, options.Flags);
        Assert.Equal(Syscall.MS_SLAVE | Syscall.MS_REC, options.Propagation);
        Assert.Equal("size=65536k,mode=755", options.Data);
    }

    [Fact]
    public void ALaterOptionOverridesAnEarlierOne()
    {
        Assert.Equal(0UL, MountOptions.Parse(["ro", "rw"]).Flags & Syscall.MS_RDONLY);
        Assert.Equal(Syscall.MS_NOEXEC, MountOptions.Parse(["exec", "noexec"]).Flags);
    }

    [Fact]
    public void RbindIsARecursiveBind()
    {
        var options = MountOptions.Parse(["rbind", "ro"]);
        Assert.True(options.IsBind);
        Assert.True(options.IsRecursiveBind);
        Assert.Equal(Syscall.MS_RDONLY, options.RemountFlags);
        Assert.False(MountOptions.Parse(["bind"]).IsRecursiveBind);
    }

    [Fact]
    public void RecursiveAttributesGoToMountSetattr()
    {
        var options = MountOptions.Parse(["rro", "rnosuid", "rexec", "rnoatime"]);
        Assert.Equal(Syscall.MOUNT_ATTR_RDONLY | Syscall.MOUNT_ATTR_NOSUID | Syscall.MOUNT_ATTR_NOATIME, options.RecursiveSet);
        Assert.Equal(Syscall.MOUNT_ATTR_NOEXEC | Syscall.MOUNT_ATTR__ATIME, options.RecursiveClear);
        Assert.Equal(0UL, options.Flags);
    }

    [Fact]
    public void NoOptionsMeansNothingSet()
    {
        var options = MountOptions.Parse(null);
        Assert.Equal(0UL, options.Flags | options.Propagation | options.RecursiveSet | options.RecursiveClear);
        Assert.Equal("", options.Data);
    }
}
