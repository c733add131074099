using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hull.Spec;

/// <summary>A seccomp filter.</summary>
public sealed class LinuxSeccomp
{
    /// <summary>Action for syscalls no rule matches; see <see cref="SeccompNames.Actions"/>.</summary>
    [JsonPropertyName("defaultAction")]
    public string? DefaultAction { get; set; }

    /// <summary>Errno returned by a default SCMP_ACT_ERRNO or SCMP_ACT_TRACE.</summary>
    [JsonPropertyName("defaultErrnoRet")]
    public uint? DefaultErrnoRet { get; set; }

    /// <summary>Additional architectures, e.g. <c>SCMP_ARCH_X86</c>.</summary>
    [JsonPropertyName("architectures")]
    public List<string>? Architectures { get; set; }

    /// <summary>Filter flags, e.g. <c>SECCOMP_FILTER_FLAG_LOG</c>.</summary>
    [JsonPropertyName("flags")]
    public List<string>? Flags { get; set; }

    /// <summary>Unix socket that receives the notify fd.</summary>
    [JsonPropertyName("listenerPath")]
    public string? ListenerPath { get; set; }

    /// <summary>Opaque data sent to the listener.</summary>
    [JsonPropertyName("listenerMetadata")]
    public string? ListenerMetadata { get; set; }

    /// <summary>Rules, in order.</summary>
    [JsonPropertyName("syscalls")]
    public List<LinuxSyscall>? Syscalls { get; set; }

    /// <summary>Fields this version does not know, kept so that they survive a load and save.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
