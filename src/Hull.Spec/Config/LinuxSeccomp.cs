using System.Text.Json;
using Hull.Spec.Json;

namespace Hull.Spec;

/// <summary>A seccomp filter.</summary>
public sealed class LinuxSeccomp : IJsonExtensible
{
    public static readonly ObjectCodec<LinuxSeccomp> Codec = new ObjectCodec<LinuxSeccomp>()
        .Add("defaultAction", JsonScalars.String, x => x.DefaultAction, (x, v) => x.DefaultAction = v)
        .Add("defaultErrnoRet", JsonScalars.UInt32, x => x.DefaultErrnoRet, (x, v) => x.DefaultErrnoRet = v)
        .Add("architectures", JsonScalars.Strings, x => x.Architectures, (x, v) => x.Architectures = v)
        .Add("flags", JsonScalars.Strings, x => x.Flags, (x, v) => x.Flags = v)
        .Add("listenerPath", JsonScalars.String, x => x.ListenerPath, (x, v) => x.ListenerPath = v)
        .Add("listenerMetadata", JsonScalars.String, x => x.ListenerMetadata, (x, v) => x.ListenerMetadata = v)
        .Add("syscalls", new ListCodec<LinuxSyscall>(LinuxSyscall.Codec), x => x.Syscalls, (x, v) => x.Syscalls = v);

    /// <summary>No default action and no rules: the profile asks for no filter at all (runc loads none).</summary>
    public bool IsEmpty => string.IsNullOrEmpty(DefaultAction) && Syscalls is not { Count: > 0 };

    /// <summary>Whether a rule or the default hands syscalls to a seccomp agent (SCMP_ACT_NOTIFY).</summary>
    public bool Notifies => DefaultAction == "SCMP_ACT_NOTIFY" || Syscalls?.Any(s => s?.Action == "SCMP_ACT_NOTIFY") == true;

    /// <summary>Action for syscalls no rule matches; see <see cref="SeccompNames.Actions"/>.</summary>
    public string? DefaultAction { get; set; }

    /// <summary>Errno returned by a default SCMP_ACT_ERRNO or SCMP_ACT_TRACE.</summary>
    public uint? DefaultErrnoRet { get; set; }

    /// <summary>Additional architectures, e.g. <c>SCMP_ARCH_X86</c>.</summary>
    public List<string>? Architectures { get; set; }

    /// <summary>Filter flags, e.g. <c>SECCOMP_FILTER_FLAG_LOG</c>.</summary>
    public List<string>? Flags { get; set; }

    /// <summary>Unix socket that receives the notify fd.</summary>
    public string? ListenerPath { get; set; }

    /// <summary>Opaque data sent to the listener.</summary>
    public string? ListenerMetadata { get; set; }

    /// <summary>Rules, in order.</summary>
    public List<LinuxSyscall>? Syscalls { get; set; }

    /// <summary>Fields this version does not know, kept so that they survive a load and save.</summary>
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
