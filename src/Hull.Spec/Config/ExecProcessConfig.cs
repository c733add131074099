using System.Text.Json.Serialization;

namespace Hull.Spec;

/// <summary>
/// What a process exec'd into a running container needs of its config: the process, and the parts of
/// <c>linux</c> that apply to a single process. An exec child reads this instead of the whole config, so
/// it builds JSON metadata for these few types only.
/// </summary>
public sealed class ExecProcessConfig
{
    /// <summary>The process to run.</summary>
    [JsonPropertyName("process")]
    public required Process Process { get; init; }

    /// <summary>The container's seccomp filter, loaded for the process too.</summary>
    [JsonPropertyName("seccomp")]
    public LinuxSeccomp? Seccomp { get; init; }

    /// <summary>The container's execution domain.</summary>
    [JsonPropertyName("personality")]
    public LinuxPersonality? Personality { get; init; }

    /// <summary>The process-wide parts of a container's config.</summary>
    public static ExecProcessConfig For(Process process, Linux? linux) =>
        new() { Process = process, Seccomp = linux?.Seccomp, Personality = linux?.Personality };

    /// <summary>These parts as a <see cref="Linux"/>, for code that reads them from there.</summary>
    public Linux ToLinux() => new() { Seccomp = Seccomp, Personality = Personality };
}
