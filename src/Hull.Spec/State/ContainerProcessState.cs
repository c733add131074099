using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hull.Spec;

/// <summary>The message sent to a seccomp listener with the notify fd.</summary>
public sealed class ContainerProcessState
{
    /// <summary>Version of the runtime specification.</summary>
    [JsonPropertyName("ociVersion")]
    public string? OciVersion { get; set; }

    /// <summary>Names of the fds passed with the message, e.g. <c>seccompFd</c>.</summary>
    [JsonPropertyName("fds")]
    public List<string>? Fds { get; set; }

    /// <summary>Pid of the process on the host.</summary>
    [JsonPropertyName("pid")]
    public int? Pid { get; set; }

    /// <summary>The seccomp listenerMetadata.</summary>
    [JsonPropertyName("metadata")]
    public string? Metadata { get; set; }

    /// <summary>State of the container.</summary>
    [JsonPropertyName("state")]
    public State? State { get; set; }

    /// <summary>Fields this version does not know, kept so that they survive a load and save.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
