namespace Hull.Runtime.Lifecycle;

/// <summary>Writes a new user namespace's uid and gid maps from the parent.</summary>
internal static class IdMaps
{
    public static void Write(int pid, Hull.Spec.Linux? linux)
    {
        WriteMap(pid, "uid_map", linux?.UidMappings);
        WriteMap(pid, "gid_map", linux?.GidMappings);
    }

    private static void WriteMap(int pid, string file, IEnumerable<Hull.Spec.LinuxIdMapping>? mappings)
    {
        string text = string.Concat((mappings ?? []).Select(m => $"{m.ContainerId} {m.HostId} {m.Size}\n"));
        if (text.Length == 0)
            throw new HullException($"a user namespace needs {file.Replace("_map", "")} mappings", ErrorKind.InvalidArgument);
        try
        {
            File.WriteAllText($"/proc/{pid}/{file}", text);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new HullException($"write {file} of process {pid}: {e.Message}", ErrorKind.Failed, e);
        }
    }
}
