using Hull.Linux;

namespace Hull.Runtime.Child;

/// <summary>The options of one OCI mount, split into what mount(2), propagation and mount_setattr(2) each take.</summary>
public sealed record MountOptions(ulong Flags, ulong ClearFlags, ulong Propagation, ulong RecursiveSet, ulong RecursiveClear, string Data)
{
    public bool IsBind => (Flags & Syscall.MS_BIND) != 0;

    /// <summary>runc's tmpcopyup: a tmpfs starts with a copy of what the image has where it is mounted.</summary>
    public bool CopyUp { get; init; }

    public bool IsRecursiveBind => IsBind && (Flags & Syscall.MS_REC) != 0;

    /// <summary>Flags beyond bind/rec that a bind mount needs a remount to apply.</summary>
    public ulong RemountFlags => Flags & ~(Syscall.MS_BIND | Syscall.MS_REC | Syscall.MS_REMOUNT);

    public static MountOptions Parse(IEnumerable<string>? options)
    {
        ulong flags = 0, clear = 0, propagation = 0, recSet = 0, recClear = 0;
        var data = new List<string>();
        foreach (string option in options ?? [])
        {
            if (Flag.TryGetValue(option, out var flag))
            {
                if (flag.Clear)
                {
                    flags &= ~flag.Value;
                    clear |= flag.Value;
                }
                else
                {
                    flags |= flag.Value;
                    clear &= ~flag.Value;
                }
            }
            else if (PropagationFlag.TryGetValue(option, out ulong p))
            {
                propagation |= p;
            }
            else if (RecursiveAttribute.TryGetValue(option, out var attr))
            {
                if (attr.Clear)
                {
                    recClear |= attr.Value;
                    recSet &= ~attr.Value;
                }
                else
                {
                    recSet |= attr.Value;
                    recClear &= ~attr.Value;
                }
                if ((attr.Value & Syscall.MOUNT_ATTR__ATIME) != 0 || option == "rrelatime")
                    recClear |= Syscall.MOUNT_ATTR__ATIME;
            }
            else if (option is not ("idmap" or "ridmap" or "tmpcopyup" or "copy-symlink" or "src-nofollow" or "dst-nofollow"))
            {
                data.Add(option);
            }
        }
        return new MountOptions(flags, clear, propagation, recSet, recClear, string.Join(',', data)) { CopyUp = options?.Contains("tmpcopyup") == true };
    }

    private static readonly Dictionary<string, (bool Clear, ulong Value)> Flag = new(StringComparer.Ordinal)
    {
        ["acl"] = (false, Syscall.MS_POSIXACL),
        ["async"] = (true, Syscall.MS_SYNCHRONOUS),
        ["atime"] = (true, Syscall.MS_NOATIME),
        ["bind"] = (false, Syscall.MS_BIND),
        ["defaults"] = (false, 0),
        ["dev"] = (true, Syscall.MS_NODEV),
        ["diratime"] = (true, Syscall.MS_NODIRATIME),
        ["dirsync"] = (false, Syscall.MS_DIRSYNC),
        ["exec"] = (true, Syscall.MS_NOEXEC),
        ["iversion"] = (false, Syscall.MS_I_VERSION),
        ["lazytime"] = (false, Syscall.MS_LAZYTIME),
        ["loud"] = (true, Syscall.MS_SILENT),
        ["mand"] = (false, Syscall.MS_MANDLOCK),
        ["noacl"] = (true, Syscall.MS_POSIXACL),
        ["noatime"] = (false, Syscall.MS_NOATIME),
        ["nodev"] = (false, Syscall.MS_NODEV),
        ["nodiratime"] = (false, Syscall.MS_NODIRATIME),
        ["noiversion"] = (true, Syscall.MS_I_VERSION),
        ["noexec"] = (false, Syscall.MS_NOEXEC),
        ["nolazytime"] = (true, Syscall.MS_LAZYTIME),
        ["nomand"] = (true, Syscall.MS_MANDLOCK),
        ["norelatime"] = (true, Syscall.MS_RELATIME),
        ["nostrictatime"] = (true, Syscall.MS_STRICTATIME),
        ["nosuid"] = (false, Syscall.MS_NOSUID),
        ["nosymfollow"] = (false, Syscall.MS_NOSYMFOLLOW),
        ["rbind"] = (false, Syscall.MS_BIND | Syscall.MS_REC),
        ["relatime"] = (false, Syscall.MS_RELATIME),
        ["remount"] = (false, Syscall.MS_REMOUNT),
        ["ro"] = (false, Syscall.MS_RDONLY),
        ["rw"] = (true, Syscall.MS_RDONLY),
        ["silent"] = (false, Syscall.MS_SILENT),
        ["strictatime"] = (false, Syscall.MS_STRICTATIME),
        ["suid"] = (true, Syscall.MS_NOSUID),
        ["symfollow"] = (true, Syscall.MS_NOSYMFOLLOW),
        ["sync"] = (false, Syscall.MS_SYNCHRONOUS),
    };

    private static readonly Dictionary<string, ulong> PropagationFlag = new(StringComparer.Ordinal)
    {
        ["private"] = Syscall.MS_PRIVATE,
        ["rprivate"] = Syscall.MS_PRIVATE | Syscall.MS_REC,
        ["shared"] = Syscall.MS_SHARED,
        ["rshared"] = Syscall.MS_SHARED | Syscall.MS_REC,
        ["slave"] = Syscall.MS_SLAVE,
        ["rslave"] = Syscall.MS_SLAVE | Syscall.MS_REC,
        ["unbindable"] = Syscall.MS_UNBINDABLE,
        ["runbindable"] = Syscall.MS_UNBINDABLE | Syscall.MS_REC,
    };

    private static readonly Dictionary<string, (bool Clear, ulong Value)> RecursiveAttribute = new(StringComparer.Ordinal)
    {
        ["rro"] = (false, Syscall.MOUNT_ATTR_RDONLY),
        ["rrw"] = (true, Syscall.MOUNT_ATTR_RDONLY),
        ["rnosuid"] = (false, Syscall.MOUNT_ATTR_NOSUID),
        ["rsuid"] = (true, Syscall.MOUNT_ATTR_NOSUID),
        ["rnodev"] = (false, Syscall.MOUNT_ATTR_NODEV),
        ["rdev"] = (true, Syscall.MOUNT_ATTR_NODEV),
        ["rnoexec"] = (false, Syscall.MOUNT_ATTR_NOEXEC),
        ["rexec"] = (true, Syscall.MOUNT_ATTR_NOEXEC),
        ["rnodiratime"] = (false, Syscall.MOUNT_ATTR_NODIRATIME),
        ["rdiratime"] = (true, Syscall.MOUNT_ATTR_NODIRATIME),
        ["rrelatime"] = (false, Syscall.MOUNT_ATTR_RELATIME),
        ["rnorelatime"] = (true, Syscall.MOUNT_ATTR_RELATIME),
        ["rnoatime"] = (false, Syscall.MOUNT_ATTR_NOATIME),
        ["ratime"] = (true, Syscall.MOUNT_ATTR_NOATIME),
        ["rstrictatime"] = (false, Syscall.MOUNT_ATTR_STRICTATIME),
        ["rnostrictatime"] = (true, Syscall.MOUNT_ATTR_STRICTATIME),
        ["rnosymfollow"] = (false, Syscall.MOUNT_ATTR_NOSYMFOLLOW),
        ["rsymfollow"] = (true, Syscall.MOUNT_ATTR_NOSYMFOLLOW),
    };

    /// <summary>The option names Hull understands, for `hull features`.</summary>
    public static IEnumerable<string> Known => Flag.Keys.Concat(PropagationFlag.Keys).Concat(RecursiveAttribute.Keys)
        .Concat(["idmap", "ridmap", "tmpcopyup"]).Order(StringComparer.Ordinal);
}
