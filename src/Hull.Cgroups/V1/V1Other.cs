using System.Globalization;
using Hull.Spec;

namespace Hull.Cgroups;

/// <summary>The small v1 controllers: pids, hugetlb, net_cls, net_prio and rdma.</summary>
internal static class V1Other
{
    public static void SetPids(string dir, LinuxPids pids) =>
        CgroupFile.Write(dir, "pids.max", PidsLimit(pids.Limit));

    /// <summary>A positive limit is a number; 0 and -1 both mean "max", as runc treats them.</summary>
    public static string PidsLimit(long? limit) => limit is long l && l > 0 ? l.ToString(CultureInfo.InvariantCulture) : "max";

    public static void SetHugetlb(string dir, IEnumerable<LinuxHugepageLimit> limits)
    {
        foreach (var limit in limits)
            CgroupFile.Write(dir, $"hugetlb.{limit.PageSize}.limit_in_bytes", (limit.Limit ?? 0).ToString(CultureInfo.InvariantCulture));
    }

    public static void SetNetClass(string dir, uint classId) =>
        CgroupFile.Write(dir, "net_cls.classid", classId.ToString(CultureInfo.InvariantCulture));

    public static void SetNetPriorities(string dir, IEnumerable<LinuxInterfacePriority> priorities)
    {
        foreach (var priority in priorities)
            CgroupFile.Write(dir, "net_prio.ifpriomap", $"{priority.Name} {priority.Priority ?? 0}");
    }

    /// <summary>rdma.max lines, the same in v1 and v2: "mlx4_0 hca_handle=2 hca_object=2000".</summary>
    public static void SetRdma(string dir, IReadOnlyDictionary<string, LinuxRdma> rdma)
    {
        foreach (var (device, limit) in rdma)
        {
            var parts = new List<string> { device };
            if (limit.HcaHandles is uint handles)
                parts.Add($"hca_handle={handles}");
            if (limit.HcaObjects is uint objects)
                parts.Add($"hca_object={objects}");
            if (parts.Count > 1)
                CgroupFile.Write(dir, "rdma.max", string.Join(' ', parts));
        }
    }
}
