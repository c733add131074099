using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hull.Spec;

/// <summary>A seccomp rule for one or more syscalls.</summary>
public sealed class LinuxSyscall
{
    /// <summary>Syscall names.</summary>
    [JsonPropertyName("names")]
    public List<string>? Names { get; set; }

    /// <summary>Action taken on a match.</summary>
    [JsonPropertyName("action")]
    public string? Action { get; set; }

    /// <summary>Errno returned by SCMP_ACT_ERRNO or SCMP_ACT_TRACE.</summary>
    [JsonPropertyName("errnoRet")]
    public uint? ErrnoRet { get; set; }

    /// <summary>Argument conditions, all of which must match.</summary>
    [JsonPropertyName("args")]
    public List<LinuxSeccompArg>? Args { get; set; }

    /// <summary>Fields this version does not know, kept so that they survive a load and save.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
