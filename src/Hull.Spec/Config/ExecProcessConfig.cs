using Hull.Spec.Json;

namespace Hull.Spec;

/// <summary>
/// What a process exec'd into a running container needs of its config: the process, and the parts of
/// <c>linux</c> that apply to a single process. An exec child reads this instead of the whole config.
/// </summary>
public sealed class ExecProcessConfig
{
    public static readonly ObjectCodec<ExecProcessConfig> Codec = new ObjectCodec<ExecProcessConfig>()
        .Add("process", Process.Codec, x => x.Process, (x, v) => x.Process = v ?? new Process())
        .Add("seccomp", LinuxSeccomp.Codec, x => x.Seccomp, (x, v) => x.Seccomp = v)
        .Add("personality", LinuxPersonality.Codec, x => x.Personality, (x, v) => x.Personality = v);

    /// <summary>The process to run.</summary>
    public Process Process { get; set; } = new();

    /// <summary>The container's seccomp filter, loaded for the process too.</summary>
    public LinuxSeccomp? Seccomp { get; set; }

    /// <summary>The container's execution domain.</summary>
    public LinuxPersonality? Personality { get; set; }

    /// <summary>The process-wide parts of a container's config.</summary>
    public static ExecProcessConfig For(Process process, Linux? linux) =>
        new() { Process = process, Seccomp = linux?.Seccomp, Personality = linux?.Personality };

    /// <summary>These parts as a <see cref="Linux"/>, for code that reads them from there.</summary>
    public Linux ToLinux() => new() { Seccomp = Seccomp, Personality = Personality };
}
