using Hull.Linux;

namespace Hull.Runtime.Parent;

/// <summary>
/// The --pid-file callers read: written whole, never half, as runc writes it (a new hidden ".NAME" beside it, renamed
/// over it), so that its errors name the same file runc's do.
/// </summary>
internal static class PidFile
{
    private const int O_EXCL = 0x80;

    public static void Write(string path, int pid)
    {
        string full = Path.GetFullPath(path);
        string temp = Path.Combine(Path.GetDirectoryName(full) ?? "/", "." + Path.GetFileName(full));
        using (var file = Syscall.TryOpen(temp, Syscall.O_WRONLY | Syscall.O_CREAT | O_EXCL | Syscall.O_CLOEXEC, out int errno, 0b110_110_110)
            ?? throw new HullException($"open {temp}: {Errno.Describe(errno)}"))
        {
            Syscall.Write(file, System.Text.Encoding.ASCII.GetBytes(pid.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
        Syscall.Rename(temp, full);
    }
}
