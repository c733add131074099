using Hull.Linux;
using Hull.Spec;
using LinuxConfig = Hull.Spec.Linux;

namespace Hull.Runtime.Parent;

/// <summary>
/// Writes a new user namespace's uid and gid maps from the parent. Root writes any map; an unprivileged
/// user may write only a mapping of its own ids (after denying setgroups), and uses the setuid helpers
/// newuidmap/newgidmap (uidmap package) for anything more, as runc does.
/// </summary>
internal static class IdMaps
{
    /// <summary>The host ids the container's root has: its uid and gid mapped for 0, or the host's root without a user namespace.</summary>
    public static (uint Uid, uint Gid) HostIdsOfRoot(LinuxConfig? linux) => (HostIdOfRoot(linux?.UidMappings), HostIdOfRoot(linux?.GidMappings));

    private static uint HostIdOfRoot(IEnumerable<LinuxIdMapping>? mappings) =>
        mappings?.FirstOrDefault(m => m.ContainerId == 0 && m.Size > 0)?.HostId ?? 0;

    public static void Write(int pid, LinuxConfig? linux)
    {
        var uids = Require(linux?.UidMappings, "uid");
        var gids = Require(linux?.GidMappings, "gid");
        uint euid = Syscall.EffectiveUid();
        if (euid == 0)
        {
            WriteFile(pid, "uid_map", uids);
            WriteFile(pid, "gid_map", gids);
            return;
        }
        if (IsOwnId(uids, euid))
            WriteFile(pid, "uid_map", uids);
        else
            RunHelper("newuidmap", pid, uids);
        if (IsOwnId(gids, Syscall.EffectiveGid()))
        {
            // The kernel lets an unprivileged process map its own gid only once setgroups is denied.
            WriteText(pid, "setgroups", "deny");
            WriteFile(pid, "gid_map", gids);
        }
        else
        {
            RunHelper("newgidmap", pid, gids);
        }
    }

    private static List<LinuxIdMapping> Require(List<LinuxIdMapping>? mappings, string kind) =>
        mappings is { Count: > 0 } ? mappings : throw new HullException($"a user namespace needs {kind} mappings", ErrorKind.InvalidArgument);

    private static bool IsOwnId(List<LinuxIdMapping> mappings, uint id) =>
        mappings.Count == 1 && mappings[0].HostId == id && mappings[0].Size == 1;

    private static void WriteFile(int pid, string file, List<LinuxIdMapping> mappings) =>
        WriteText(pid, file, string.Concat(mappings.Select(m => $"{m.ContainerId} {m.HostId} {m.Size}\n")));

    private static void WriteText(int pid, string file, string text)
    {
        try
        {
            File.WriteAllText($"/proc/{pid}/{file}", text);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new HullException($"write {file} of process {pid}: {e.Message}", ErrorKind.Failed, e);
        }
    }

    private static void RunHelper(string helper, int pid, List<LinuxIdMapping> mappings)
    {
        string path = ChildProgram.Find(helper)
            ?? throw new HullException($"mapping several ids as an unprivileged user needs {helper} (Debian package uidmap)", ErrorKind.InvalidArgument);
        var argv = new List<string> { helper, pid.ToString() };
        foreach (var m in mappings)
            argv.AddRange([m.ContainerId.ToString()!, m.HostId.ToString()!, m.Size.ToString()!]);
        var (status, error) = ChildProgram.Run(path, argv, 2);
        if (!WaitStatus.Succeeded(status))
            throw new HullException($"{helper} failed ({WaitStatus.Describe(status)}): {error.Trim()}");
    }
}
