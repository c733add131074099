using Hull.Linux;

namespace Hull.Cgroups;

/// <summary>Reads and writes of cgroup control files, with errors that name the file in runc's words.</summary>
internal static class CgroupFile
{
    /// <summary>Writes a value to a control file, which must exist (a missing file means the kernel lacks the feature).</summary>
    public static void Write(string dir, string file, string value)
    {
        string path = Path.Combine(dir, file);
        if (!File.Exists(path))
            throw new CgroupException($"openat2 {path}: no such file or directory");
        WriteExisting(path, value);
    }

    /// <summary>Writes a control file only when the value is present.</summary>
    public static void WriteIf(string dir, string file, string? value)
    {
        if (value is not null)
            Write(dir, file, value);
    }

    /// <summary>Writes to a file whose absence was already checked; the errno is kept in the exception.</summary>
    public static void WriteExisting(string path, string value)
    {
        Microsoft.Win32.SafeHandles.SafeFileHandle fd;
        try
        {
            fd = Syscall.Open(path, Syscall.O_WRONLY | Syscall.O_TRUNC | Syscall.O_CLOEXEC);
        }
        catch (SyscallException e)
        {
            throw new CgroupException($"openat2 {path}: {Errno.Describe(e.Errno)}", e);
        }
        using var writer = new Writer(path, fd);
        writer.Write(value);
    }

    /// <summary>Opens a control file that takes one value per write (devices.allow, ...) for several writes.</summary>
    public static Writer OpenForWrites(string dir, string file)
    {
        string path = Path.Combine(dir, file);
        try
        {
            return new Writer(path, Syscall.Open(path, Syscall.O_WRONLY | Syscall.O_CLOEXEC));
        }
        catch (SyscallException e)
        {
            throw new CgroupException($"openat2 {path}: {Errno.Describe(e.Errno)}", e);
        }
    }

    /// <summary>A control file open for writing, one value per write.</summary>
    public sealed class Writer(string path, Microsoft.Win32.SafeHandles.SafeFileHandle fd) : IDisposable
    {
        public void Write(string value)
        {
            try
            {
                Syscall.Write(fd, System.Text.Encoding.UTF8.GetBytes(value));
            }
            catch (SyscallException e)
            {
                throw new CgroupException($"failed to write \"{value}\": write {path}: {Errno.Describe(e.Errno)}", e);
            }
        }

        public void Dispose() => fd.Dispose();
    }

    /// <summary>Errno of a failed write, or 0.</summary>
    public static int ErrnoOf(CgroupException e) => e.InnerException is SyscallException s ? s.Errno : 0;

    public static bool Exists(string dir, string file) => File.Exists(Path.Combine(dir, file));

    /// <summary>The trimmed content of a control file; null when it does not exist.</summary>
    public static string? Read(string dir, string file) => Syscall.ReadSmallFile(Path.Combine(dir, file))?.Trim();

    /// <summary>A single number, "max" being <see cref="ulong.MaxValue"/>; 0 when the file is absent or unparsable.</summary>
    public static ulong ReadUInt(string dir, string file) => ParseUInt(Read(dir, file));

    public static ulong ParseUInt(string? text)
    {
        if (text is null)
            return 0;
        if (text == "max")
            return ulong.MaxValue;
        // Unparsable values (and the -1 some v1 files print for "unlimited") read as 0.
        return ulong.TryParse(text, out ulong value) ? value : 0;
    }

    /// <summary>"key value" lines (memory.stat, cpu.stat, memory.events, ...).</summary>
    public static Dictionary<string, ulong> ParseFlatKeyed(string? text)
    {
        var result = new Dictionary<string, ulong>(StringComparer.Ordinal);
        foreach (string line in (text ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 2)
                result[parts[0]] = ParseUInt(parts[1]);
        }
        return result;
    }

    public static Dictionary<string, ulong> ReadFlatKeyed(string dir, string file) => ParseFlatKeyed(Read(dir, file));
}
