using Hull.Cgroups;

namespace Hull.Tests;

/// <summary>
/// A resctrl filesystem of plain files in a temp directory, laid out as the kernel's: info/ with L3 (11-bit masks),
/// MB (10% steps from 10%) and L3_MON, a root schemata over two domains, mon_data counters, and a mountinfo naming it.
/// Groups a test makes itself come with the files the kernel would give them.
/// </summary>
public sealed class FakeResctrl : IDisposable
{
    public FakeResctrl(bool cache = true, bool bandwidth = true, bool monitoring = true, bool inMBps = false)
    {
        Root = Directory.CreateTempSubdirectory("hull-resctrl-").FullName;
        Mount = new ResctrlMount(Root, inMBps);
        File(Root, "info/last_cmd_status", "ok");
        var schemata = new List<string>();
        if (cache)
        {
            File(Root, "info/L3/cbm_mask", "7ff");
            File(Root, "info/L3/min_cbm_bits", "1");
            File(Root, "info/L3/num_closids", "16");
            File(Root, "info/L3/shareable_bits", "0");
            schemata.Add("    L3:0=7ff;1=7ff");
        }
        if (bandwidth)
        {
            File(Root, "info/MB/bandwidth_gran", "10");
            File(Root, "info/MB/delay_linear", "1");
            File(Root, "info/MB/min_bandwidth", "10");
            File(Root, "info/MB/num_closids", "8");
            schemata.Add(inMBps ? "    MB:0=4294967295;1=4294967295" : "    MB:0=100;1=100");
        }
        if (monitoring)
        {
            File(Root, "info/L3_MON/mon_features", "llc_occupancy\nmbm_total_bytes\nmbm_local_bytes\n");
            File(Root, "info/L3_MON/num_rmids", "32");
            File(Root, "info/L3_MON/max_threshold_occupancy", "1048576");
        }
        MakeGroup(Root, string.Join('\n', schemata) + "\n");
    }

    public string Root { get; }

    public ResctrlMount Mount { get; }

    public string MountinfoLine => $"52 25 0:45 / {Root} rw,relatime shared:30 - resctrl resctrl rw{(Mount.BandwidthInMBps ? ",mba_MBps" : "")}";

    /// <summary>A group that exists before the test (made by an administrator, or another container), with its schemata.</summary>
    public string Group(string name, string schemata) => MakeGroup(Path.Combine(Root, name), schemata + "\n");

    /// <summary>Sets an info file, as another CPU model would have it.</summary>
    public void Info(string file, string content) => File(Root, Path.Combine("info", file), content);

    public string Read(string relative) => System.IO.File.ReadAllText(Path.Combine(Root, relative));

    /// <summary>Empties a file, to see what is written to it next.</summary>
    public void Clear(string relative) => System.IO.File.WriteAllText(Path.Combine(Root, relative), "");

    public bool Exists(string relative) => Directory.Exists(Path.Combine(Root, relative));

    /// <summary>The counters of a group's mon_data, one directory per domain.</summary>
    public void Counters(string group, int domain, ulong occupancy, ulong total, ulong local)
    {
        string dir = Path.Combine(Root, group, "mon_data", $"mon_L3_{domain:D2}");
        File(dir, "llc_occupancy", occupancy.ToString(System.Globalization.CultureInfo.InvariantCulture));
        File(dir, "mbm_total_bytes", total.ToString(System.Globalization.CultureInfo.InvariantCulture));
        File(dir, "mbm_local_bytes", local.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);

    private static string MakeGroup(string dir, string schemata)
    {
        File(dir, "schemata", schemata);
        File(dir, "tasks", "");
        File(dir, "cpus", "0");
        Directory.CreateDirectory(Path.Combine(dir, "mon_groups"));
        return dir;
    }

    private static void File(string dir, string relative, string content)
    {
        string path = Path.Combine(dir, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        System.IO.File.WriteAllText(path, content);
    }
}
