using Hull.Linux;

namespace Hull.Runtime.Lifecycle;

/// <summary>
/// Writes a new user namespace's uid and gid maps from the parent. Root writes any map; an unprivileged
/// user may write only a mapping of its own ids (after denying setgroups), and uses the setuid helpers
/// newuidmap/newgidmap (uidmap package) for anything more, as runc does.
/// </summary>
internal static class IdMaps
{
    public static void Write(int pid, Hull.Spec.Linux? linux)
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

    private static List<Hull.Spec.LinuxIdMapping> Require(List<Hull.Spec.LinuxIdMapping>? mappings, string kind) =>
        mappings is { Count: > 0 } ? mappings : throw new HullException($"a user namespace needs {kind} mappings", ErrorKind.InvalidArgument);

    private static bool IsOwnId(List<Hull.Spec.LinuxIdMapping> mappings, uint id) =>
        mappings.Count == 1 && mappings[0].HostId == id && mappings[0].Size == 1;

    private static void WriteFile(int pid, string file, List<Hull.Spec.LinuxIdMapping> mappings) =>
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

    private static void RunHelper(string helper, int pid, List<Hull.Spec.LinuxIdMapping> mappings)
    {
        string? path = new[] { "/usr/bin", "/bin", "/usr/sbin", "/sbin" }.Select(d => Path.Combine(d, helper)).FirstOrDefault(File.Exists);
        if (path is null)
            throw new HullException($"mapping several ids as an unprivileged user needs {helper} (Debian package uidmap)", ErrorKind.InvalidArgument);
        var argv = new List<string> { helper, pid.ToString() };
        foreach (var m in mappings)
            argv.AddRange([m.ContainerId.ToString()!, m.HostId.ToString()!, m.Size.ToString()!]);
        var (errorRead, errorWrite) = Syscall.Pipe();
        int child;
        using (errorRead)
        {
            using (errorWrite)
            {
                int target = Syscall.Dup(errorWrite, 100);
                try
                {
                    child = Syscall.Spawn(path, argv, [], [(target, 2)]);
                }
                finally
                {
                    Syscall.CloseRaw(target);
                }
            }
            string error = ReadAll(errorRead);
            int status = Syscall.WaitPid(child)!.Value;
            if (!WaitStatus.Succeeded(status))
                throw new HullException($"{helper} failed ({WaitStatus.Describe(status)}): {error.Trim()}");
        }
    }

    private static string ReadAll(Microsoft.Win32.SafeHandles.SafeFileHandle fd)
    {
        var text = new System.Text.StringBuilder();
        byte[] buffer = new byte[4096];
        while (Syscall.Read(fd, buffer) is int n and > 0)
            text.Append(System.Text.Encoding.UTF8.GetString(buffer, 0, n));
        return text.ToString();
    }
}
