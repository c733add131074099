namespace Hull.Linux;

/// <summary>Which Linux security modules this host runs, and the exec labels they take.</summary>
public static class SecurityModules
{
    public static bool AppArmorEnabled =>
        File.Exists("/sys/module/apparmor/parameters/enabled") && File.ReadAllText("/sys/module/apparmor/parameters/enabled").Trim() == "Y";

    public static bool SelinuxEnabled => File.Exists("/sys/fs/selinux/enforce");

    /// <summary>Asks AppArmor to confine the next program this process execs with <paramref name="profile"/>.</summary>
    public static void SetAppArmorExecProfile(string profile)
    {
        string attr = Directory.Exists("/proc/self/attr/apparmor") ? "/proc/self/attr/apparmor/exec" : "/proc/self/attr/exec";
        WriteAttribute(attr, $"exec {profile}", "apparmor profile");
    }

    /// <summary>Sets the SELinux context the next program this process execs runs in.</summary>
    public static void SetSelinuxExecLabel(string label) => WriteAttribute("/proc/self/attr/exec", label, "selinux label");

    private static void WriteAttribute(string path, string value, string what)
    {
        try
        {
            File.WriteAllText(path, value);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SyscallException($"set {what} {value}: {e.Message}", Errno.EINVAL);
        }
    }
}
