namespace Hull.Linux;

/// <summary>This process's user namespace's uid mapping (/proc/self/uid_map).</summary>
public static class UidMap
{
    /// <summary>
    /// <paramref name="uid"/> as the parent user namespace sees it (the host, unless namespaces are nested): in a user
    /// namespace, its root is the user who owns it. Unmapped, or outside any user namespace, it is itself.
    /// </summary>
    public static uint ToHost(uint uid)
    {
        foreach (string line in (Syscall.ReadSmallFile("/proc/self/uid_map") ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length == 3 && uint.TryParse(f[0], out uint inside) && uint.TryParse(f[1], out uint outside) && uint.TryParse(f[2], out uint count)
                && uid >= inside && uid - inside < count)
                return outside + (uid - inside);
        }
        return uid;
    }
}
