using System.Text.Json;
using Hull.Spec.Json;

namespace Hull.Spec;

/// <summary>I/O scheduling class and priority of a process.</summary>
public sealed class LinuxIOPriority : IJsonExtensible
{
    public static readonly ObjectCodec<LinuxIOPriority> Codec = new ObjectCodec<LinuxIOPriority>()
        .Add("class", JsonScalars.String, x => x.Class, (x, v) => x.Class = v)
        .Add("priority", JsonScalars.Int32, x => x.Priority, (x, v) => x.Priority = v);

    /// <summary>Class: <c>IOPRIO_CLASS_RT</c>, <c>IOPRIO_CLASS_BE</c> or <c>IOPRIO_CLASS_IDLE</c>.</summary>
    public string? Class { get; set; }

    /// <summary>Priority within the class (0-7).</summary>
    public int? Priority { get; set; }

    /// <summary>Fields this version does not know, kept so that they survive a load and save.</summary>
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
