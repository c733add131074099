using System.Text.Json;
using Hull.Spec.Json;

namespace Hull.Spec;

/// <summary>cgroup resource limits of a container.</summary>
public sealed class LinuxResources : IJsonExtensible
{
    public static readonly ObjectCodec<LinuxResources> Codec = new ObjectCodec<LinuxResources>()
        .Add("devices", new ListCodec<LinuxDeviceCgroup>(LinuxDeviceCgroup.Codec), x => x.Devices, (x, v) => x.Devices = v)
        .Add("memory", LinuxMemory.Codec, x => x.Memory, (x, v) => x.Memory = v)
        .Add("cpu", LinuxCpu.Codec, x => x.Cpu, (x, v) => x.Cpu = v)
        .Add("pids", LinuxPids.Codec, x => x.Pids, (x, v) => x.Pids = v)
        .Add("blockIO", LinuxBlockIO.Codec, x => x.BlockIO, (x, v) => x.BlockIO = v)
        .Add("hugepageLimits", new ListCodec<LinuxHugepageLimit>(LinuxHugepageLimit.Codec), x => x.HugepageLimits, (x, v) => x.HugepageLimits = v)
        .Add("network", LinuxNetwork.Codec, x => x.Network, (x, v) => x.Network = v)
        .Add("rdma", new MapCodec<LinuxRdma>(LinuxRdma.Codec), x => x.Rdma, (x, v) => x.Rdma = v)
        .Add("unified", JsonScalars.StringMap, x => x.Unified, (x, v) => x.Unified = v);

    /// <summary>Device allow/deny rules, in order.</summary>
    public List<LinuxDeviceCgroup>? Devices { get; set; }

    /// <summary>Memory limits.</summary>
    public LinuxMemory? Memory { get; set; }

    /// <summary>CPU limits and cpuset.</summary>
    public LinuxCpu? Cpu { get; set; }

    /// <summary>Process count limit.</summary>
    public LinuxPids? Pids { get; set; }

    /// <summary>Block I/O weights and throttles.</summary>
    public LinuxBlockIO? BlockIO { get; set; }

    /// <summary>Hugetlb limits.</summary>
    public List<LinuxHugepageLimit>? HugepageLimits { get; set; }

    /// <summary>Network class id and priorities.</summary>
    public LinuxNetwork? Network { get; set; }

    /// <summary>RDMA limits, keyed by device name.</summary>
    public Dictionary<string, LinuxRdma>? Rdma { get; set; }

    /// <summary>cgroup v2 files written as is.</summary>
    public Dictionary<string, string>? Unified { get; set; }

    /// <summary>Fields this version does not know, kept so that they survive a load and save.</summary>
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
