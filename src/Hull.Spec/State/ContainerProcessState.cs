using System.Text.Json;
using Hull.Spec.Json;

namespace Hull.Spec;

/// <summary>The message sent to a seccomp listener with the notify fd.</summary>
public sealed class ContainerProcessState : IJsonExtensible
{
    public static readonly ObjectCodec<ContainerProcessState> Codec = new ObjectCodec<ContainerProcessState>()
        .Add("ociVersion", JsonScalars.String, x => x.OciVersion, (x, v) => x.OciVersion = v)
        .Add("fds", JsonScalars.Strings, x => x.Fds, (x, v) => x.Fds = v)
        .Add("pid", JsonScalars.Int32, x => x.Pid, (x, v) => x.Pid = v)
        .Add("metadata", JsonScalars.String, x => x.Metadata, (x, v) => x.Metadata = v)
        .Add("state", State.Codec, x => x.State, (x, v) => x.State = v);

    /// <summary>Version of the runtime specification.</summary>
    public string? OciVersion { get; set; }

    /// <summary>Names of the fds passed with the message, e.g. <c>seccompFd</c>.</summary>
    public List<string>? Fds { get; set; }

    /// <summary>Pid of the process on the host.</summary>
    public int? Pid { get; set; }

    /// <summary>The seccomp listenerMetadata.</summary>
    public string? Metadata { get; set; }

    /// <summary>State of the container.</summary>
    public State? State { get; set; }

    /// <summary>Fields this version does not know, kept so that they survive a load and save.</summary>
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }

    /// <summary>This state as compact JSON, as a seccomp agent receives it.</summary>
    public string ToJson() => SpecJson.WriteText(this, Codec, indented: false);
}
