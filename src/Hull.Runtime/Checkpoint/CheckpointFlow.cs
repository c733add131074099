using System.Text.Json;
using Hull.Cgroups;
using Hull.Linux;
using Hull.Runtime.Store;
using Hull.Spec;
using Microsoft.Win32.SafeHandles;

namespace Hull.Runtime.Checkpoint;

/// <summary>
/// `checkpoint`: CRIU dumps a running (or paused) container's process tree into an image directory, as runc has it
/// do: the container's cgroup freezes it, mounts from outside the container are named as external, and the init's
/// stdio is written beside the images (descriptors.json) for restore to reconnect.
/// </summary>
internal static class CheckpointFlow
{
    public const string DescriptorsFile = "descriptors.json";

    private const string LogFile = "dump.log";

    public static void Run(string criu, ContainerRecord record, RuntimeSpec spec, CheckpointOptions options)
    {
        int version = CriuSetup.CheckVersion(criu);
        var pageServer = ParsePageServer(options.PageServer);
        using var images = CriuSetup.OpenDirectory(options.ImagePath, create: true);
        using var work = options.WorkPath is { Length: > 0 } workPath ? CriuSetup.OpenDirectory(workPath, create: true) : null;
        if (options.ParentPath is { Length: > 0 } parent)
            CheckParent(options.ImagePath, parent);
        var cgroup = CgroupFactory.FromState(record.Cgroup);
        var criuOptions = CriuSetup.OptionsFor(options, images, work, LogFile);
        criuOptions.Root = record.Rootfs;
        criuOptions.Pid = record.InitPid;
        criuOptions.LeaveRunning = options.LeaveRunning;
        criuOptions.FreezeCgroup = FreezerPath(cgroup);
        criuOptions.PageServer = pageServer;
        criuOptions.ParentImage = options.ParentPath is { Length: > 0 } ? options.ParentPath : null;
        criuOptions.TrackMemory = options.ParentPath is { Length: > 0 } || options.PreDump;
        foreach (string external in ExternalNamespaces(spec, version))
            criuOptions.External.Add(external);
        if (!options.PreDump)
        {
            foreach (string masked in CriuSetup.MaskedFiles(spec, record.InitPid))
                criuOptions.AddExternalMount(masked, "/dev/null");
            foreach (var (destination, _) in CriuSetup.ExternalMounts(spec, record.Bundle).Concat(CriuSetup.CgroupMounts(spec, cgroup)))
                criuOptions.AddExternalMount(destination, destination);
            WriteDescriptors(options.ImagePath, record.InitPid);
        }
        var type = options.PreDump ? CriuRequestType.PreDump : CriuRequestType.Dump;
        if (options.PreDump)
            CheckMemoryTracking(criu);
        using var statusFd = options.StatusFd >= 0 ? new FileStream(new SafeFileHandle(options.StatusFd, ownsHandle: true), FileAccess.Write, 1) : null;
        bool statusWritten = false;
        using var process = CriuProcess.Start(criu);
        var response = process.Call(new CriuRequest(type, criuOptions), (notify, _) =>
        {
            if (notify.NotifyScript == "status-ready" && statusFd is not null && !statusWritten)
            {
                statusFd.WriteByte(0);
                statusFd.Flush();
                statusWritten = true;
            }
        });
        if (!response.Success)
            throw CriuSetup.Failure(type, response, CriuSetup.LogPath(options, LogFile));
    }

    /// <summary>A pre-dump needs CRIU's dirty-memory tracking, asked of a CRIU of its own, as runc does.</summary>
    private static void CheckMemoryTracking(string criu)
    {
        using var probe = CriuProcess.Start(criu);
        var response = probe.Call(new CriuRequest(CriuRequestType.FeatureCheck, CheckMemoryTracking: true));
        if (!response.Success || !response.MemoryTracking)
            throw new HullException("criu is missing features: [MemTrack]", ErrorKind.Failed);
    }

    /// <summary>The init's stdio as /proc shows it (pipe:[N], a path): restore hands the pipes among them back.</summary>
    private static void WriteDescriptors(string imagePath, int initPid)
    {
        var targets = new List<string>();
        for (int fd = 0; fd < 3; fd++)
        {
            try
            {
                targets.Add(new FileInfo($"/proc/{initPid}/fd/{fd}").LinkTarget ?? "");
            }
            catch (IOException)
            {
                targets.Add("");
            }
        }
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach (string target in targets)
                json.WriteStringValue(target);
            json.WriteEndArray();
        }
        string path = Path.Combine(imagePath, DescriptorsFile);
        File.WriteAllBytes(path, buffer.WrittenSpan.ToArray());
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    /// <summary>
    /// Namespaces the container joined by path are not the container's to dump: CRIU records them as external, by
    /// inode, for restore to be given them again.
    /// </summary>
    private static IEnumerable<string> ExternalNamespaces(RuntimeSpec spec, int version)
    {
        foreach (var ns in spec.Linux?.Namespaces ?? [])
        {
            if (string.IsNullOrEmpty(ns.Path) || CriuSetup.ExternalNamespace(ns.Type, version, "checkpointing process") is not var (procName, key))
                continue;
            var status = Syscall.TryStat(ns.Path) ?? throw new HullException($"stat {ns.Path}: no such file or directory", ErrorKind.InvalidArgument);
            yield return $"{procName}[{status.Inode}]:{key}";
        }
    }

    private static string? FreezerPath(ICgroupManager cgroup) =>
        cgroup.Paths.TryGetValue("freezer", out string? v1) ? v1 : cgroup.Paths.TryGetValue("", out string? v2) ? v2 : null;

    private static void CheckParent(string imagePath, string parent)
    {
        if (Path.IsPathRooted(parent))
            throw new HullException("--parent-path must be relative", ErrorKind.InvalidArgument);
        string real = Path.Combine(imagePath, parent);
        if (!Directory.Exists(real))
            throw new HullException($"invalid --parent-path: stat {real}: {(File.Exists(real) ? "not a directory" : "no such file or directory")}", ErrorKind.InvalidArgument);
    }

    private static (string, int)? ParsePageServer(string? value)
    {
        if (string.IsNullOrEmpty(value))
            return null;
        int colon = value.LastIndexOf(':');
        if (colon <= 0)
            throw new HullException("Use --page-server ADDRESS:PORT to specify page server", ErrorKind.InvalidArgument);
        if (!int.TryParse(value[(colon + 1)..], out int port) || port is <= 0 or > 65535)
            throw new HullException("Invalid port number", ErrorKind.InvalidArgument);
        return (value[..colon], port);
    }
}
