using System.Text.Json;
using Hull.Spec.Json;

namespace Hull.Spec;

/// <summary>A seccomp rule for one or more syscalls.</summary>
public sealed class LinuxSyscall : IJsonExtensible
{
    public static readonly ObjectCodec<LinuxSyscall> Codec = new ObjectCodec<LinuxSyscall>()
        .Add("names", JsonScalars.Strings, x => x.Names, (x, v) => x.Names = v)
        .Add("action", JsonScalars.String, x => x.Action, (x, v) => x.Action = v)
        .Add("errnoRet", JsonScalars.UInt32, x => x.ErrnoRet, (x, v) => x.ErrnoRet = v)
        .Add("args", new ListCodec<LinuxSeccompArg>(LinuxSeccompArg.Codec), x => x.Args, (x, v) => x.Args = v);

    /// <summary>Syscall names.</summary>
    public List<string>? Names { get; set; }

    /// <summary>Action taken on a match.</summary>
    public string? Action { get; set; }

    /// <summary>Errno returned by SCMP_ACT_ERRNO or SCMP_ACT_TRACE.</summary>
    public uint? ErrnoRet { get; set; }

    /// <summary>Argument conditions, all of which must match.</summary>
    public List<LinuxSeccompArg>? Args { get; set; }

    /// <summary>Fields this version does not know, kept so that they survive a load and save.</summary>
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
