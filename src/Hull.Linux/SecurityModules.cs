namespace Hull.Linux;

/// <summary>Which Linux security modules this host runs, and the exec labels they take.</summary>
public static class SecurityModules
{
    public static bool SelinuxEnabled => File.Exists("/sys/fs/selinux/enforce");

    /// <summary>
    /// Asks AppArmor to confine the next program this process execs with <paramref name="profile"/>; where AppArmor is
    /// not running the kernel refuses, as runc reports it ("apparmor failed to apply profile: write …").
    /// </summary>
    public static void SetAppArmorExecProfile(string profile)
    {
        string attr = Directory.Exists("/proc/self/attr/apparmor") ? "/proc/self/attr/apparmor/exec" : "/proc/self/attr/exec";
        if (WriteAttribute(attr, $"exec {profile}") is { } errno)
            throw new SyscallException($"apparmor failed to apply profile: write {attr}", errno);
    }

    /// <summary>Sets the SELinux context the next program this process execs runs in.</summary>
    public static void SetSelinuxExecLabel(string label)
    {
        if (WriteAttribute("/proc/self/attr/exec", label) is { } errno)
            throw new SyscallException("set the SELinux exec label: write /proc/self/attr/exec", errno);
    }

    /// <summary>Writes a /proc attribute in one write(2); the errno when that fails.</summary>
    private static int? WriteAttribute(string path, string value)
    {
        try
        {
            using var file = Syscall.Open(path, Syscall.O_WRONLY | Syscall.O_CLOEXEC);
            return Syscall.TryWriteAll((int)file.DangerousGetHandle(), System.Text.Encoding.UTF8.GetBytes(value)) is var errno and not 0 ? errno : null;
        }
        catch (SyscallException e)
        {
            return e.Errno;
        }
    }
}
