using System.Text.Json;
using Hull.Spec.Json;

namespace Hull.Spec;

/// <summary>Scheduling attributes of a process (<c>sched_setattr</c>).</summary>
public sealed class Scheduler : IJsonExtensible
{
    public static readonly ObjectCodec<Scheduler> Codec = new ObjectCodec<Scheduler>()
        .Add("policy", JsonScalars.String, x => x.Policy, (x, v) => x.Policy = v)
        .Add("nice", JsonScalars.Int32, x => x.Nice, (x, v) => x.Nice = v)
        .Add("priority", JsonScalars.Int32, x => x.Priority, (x, v) => x.Priority = v)
        .Add("flags", JsonScalars.Strings, x => x.Flags, (x, v) => x.Flags = v)
        .Add("runtime", JsonScalars.UInt64, x => x.Runtime, (x, v) => x.Runtime = v)
        .Add("deadline", JsonScalars.UInt64, x => x.Deadline, (x, v) => x.Deadline = v)
        .Add("period", JsonScalars.UInt64, x => x.Period, (x, v) => x.Period = v);

    /// <summary>Policy, e.g. <c>SCHED_OTHER</c>.</summary>
    public string? Policy { get; set; }

    /// <summary>Nice value.</summary>
    public int? Nice { get; set; }

    /// <summary>Static priority.</summary>
    public int? Priority { get; set; }

    /// <summary>Flags, e.g. <c>SCHED_FLAG_RESET_ON_FORK</c>.</summary>
    public List<string>? Flags { get; set; }

    /// <summary>SCHED_DEADLINE runtime in nanoseconds.</summary>
    public ulong? Runtime { get; set; }

    /// <summary>SCHED_DEADLINE deadline in nanoseconds.</summary>
    public ulong? Deadline { get; set; }

    /// <summary>SCHED_DEADLINE period in nanoseconds.</summary>
    public ulong? Period { get; set; }

    /// <summary>Fields this version does not know, kept so that they survive a load and save.</summary>
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
