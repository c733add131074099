namespace Hull.Runtime.Parent;

/// <summary>The --pid-file callers read: written whole (temp file + rename), never half.</summary>
internal static class PidFile
{
    public static void Write(string path, int pid)
    {
        string full = Path.GetFullPath(path);
        string temp = full + ".tmp";
        File.WriteAllText(temp, pid.ToString());
        File.Move(temp, full, overwrite: true);
    }
}
