using Hull.Spec.Json;

namespace Hull.Spec;

/// <summary>A block I/O rate limit of one device.</summary>
public sealed class LinuxThrottleDevice : LinuxBlockIODevice
{
    public static readonly ObjectCodec<LinuxThrottleDevice> Codec = LinuxBlockIODevice.CodecOf<LinuxThrottleDevice>()
        .Add("rate", JsonScalars.UInt64, x => x.Rate, (x, v) => x.Rate = v);

    /// <summary>Rate per second.</summary>
    public ulong? Rate { get; set; }
}
