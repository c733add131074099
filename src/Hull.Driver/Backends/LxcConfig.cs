using System.Globalization;
using System.Text;
using Hull.Spec;

namespace Hull.Driver.Backends;

/// <summary>
/// An OCI config as an LXC container configuration (lxc.container.conf(5)), for `lxc-execute`: root, hostname, mounts,
/// namespaces, id maps, capabilities, cgroup limits, sysctls, rlimits, environment, cwd and user. What LXC cannot be
/// told (a seccomp filter in the OCI format, hooks, the process's terminal) is refused rather than left out.
/// </summary>
internal static class LxcConfig
{
    /// <summary>The configuration of <paramref name="spec"/>, whose relative root path is under <paramref name="bundle"/>.</summary>
    /// <exception cref="NotSupportedException">The config asks for something LXC cannot express.</exception>
    public static string For(RuntimeSpec spec, string bundle, bool cgroupV2)
    {
        Refuse(spec);
        var lines = new List<string>();
        void Set(string key, string value) => lines.Add($"{key} = {value}");
        var root = spec.Root ?? throw new NotSupportedException("a config without a root cannot run under LXC");
        string rootfs = Path.GetFullPath(Path.Combine(bundle, root.Path ?? "rootfs"));
        Set("lxc.rootfs.path", "dir:" + rootfs);
        if (root.Readonly == true)
            Set("lxc.rootfs.options", "ro");
        if (spec.Hostname is { Length: > 0 } hostname)
            Set("lxc.uts.name", hostname);
        // No profile of LXC's own: the config's, or none (LXC's default one is for system containers).
        Set("lxc.apparmor.profile", spec.Process?.ApparmorProfile ?? "unconfined");
        Namespaces(spec, Set);
        Mounts(spec, rootfs, Set);
        Process(spec.Process, Set);
        Resources(spec.Linux?.Resources, cgroupV2, Set);
        foreach (var (key, value) in spec.Linux?.Sysctl ?? [])
            Set($"lxc.sysctl.{key}", value);
        return string.Join('\n', lines) + "\n";
    }

    private static void Refuse(RuntimeSpec spec)
    {
        var refused = new List<string>();
        if (spec.Linux?.Seccomp is not null)
            refused.Add("a seccomp filter (LXC takes its own policy format)");
        if (spec.Hooks is { } hooks && (hooks.Prestart ?? hooks.CreateRuntime ?? hooks.CreateContainer ?? hooks.StartContainer ?? hooks.Poststart ?? hooks.Poststop) is { Count: > 0 })
            refused.Add("hooks (LXC's run at other points with other input)");
        if (spec.Process?.Terminal == true)
            refused.Add("a terminal for the process");
        if (refused.Count > 0)
            throw new NotSupportedException($"LXC cannot be given {string.Join(", ", refused)}");
    }

    private static void Namespaces(RuntimeSpec spec, Action<string, string> set)
    {
        var wanted = (spec.Linux?.Namespaces ?? []).ToDictionary(n => n.Type ?? "", n => n.Path, StringComparer.Ordinal);
        if (wanted.Values.Any(path => path is not null))
            throw new NotSupportedException("LXC cannot join a namespace by path");
        if (!wanted.ContainsKey("pid") || !wanted.ContainsKey("mount"))
            throw new NotSupportedException("LXC cannot run a container in the host's pid or mount namespace");
        // LXC makes every namespace but the user's: the ones the config leaves out are the host's. Its cgroup and pid
        // namespaces it always makes (with the host's, it cannot set up /dev).
        var kept = new[] { ("network", "net"), ("ipc", "ipc"), ("uts", "uts") }
            .Where(n => !wanted.ContainsKey(n.Item1)).Select(n => n.Item2).ToList();
        if (kept.Count > 0)
            set("lxc.namespace.keep", string.Join(' ', kept));
        // A network namespace of its own, with no interface but loopback, as runc leaves it.
        if (wanted.ContainsKey("network"))
            set("lxc.net.0.type", "empty");
        if (!wanted.ContainsKey("user"))
            return;
        foreach (var map in spec.Linux?.UidMappings ?? [])
            set("lxc.idmap", $"u {map.ContainerId} {map.HostId} {map.Size}");
        foreach (var map in spec.Linux?.GidMappings ?? [])
            set("lxc.idmap", $"g {map.ContainerId} {map.HostId} {map.Size}");
    }

    private static void Mounts(RuntimeSpec spec, string rootfs, Action<string, string> set)
    {
        var auto = new List<string>();
        foreach (var mount in spec.Mounts ?? [])
        {
            var options = mount.Options ?? [];
            switch (mount.Type, mount.Destination)
            {
                case ("proc", "/proc"):
                    auto.Add("proc:mixed");
                    break;
                case ("sysfs", "/sys"):
                    auto.Add(options.Contains("ro") ? "sys:ro" : "sys:rw");
                    break;
                case ("cgroup" or "cgroup2", "/sys/fs/cgroup"):
                    auto.Add(options.Contains("ro") ? "cgroup:ro" : "cgroup:mixed");
                    break;
                case ("tmpfs", "/dev"):
                    // LXC's own /dev: a tmpfs with the standard devices.
                    set("lxc.autodev", "1");
                    break;
                case ("devpts", "/dev/pts"):
                    set("lxc.pty.max", "1024");
                    break;
                default:
                    bool bind = options.Contains("bind") || options.Contains("rbind") || mount.Type == "bind";
                    string create = bind && File.Exists(mount.Source) ? "create=file" : "create=dir";
                    string type = bind ? "none" : mount.Type ?? "none";
                    var all = options.Append(create).Where(o => o.Length > 0);
                    set("lxc.mount.entry", $"{Escape(mount.Source ?? type)} {Escape(mount.Destination!.TrimStart('/'))} {type} {string.Join(',', all)} 0 0");
                    break;
            }
        }
        if (auto.Count > 0)
            set("lxc.mount.auto", string.Join(' ', auto));
        // A masked file gets /dev/null over it, a directory an empty read-only tmpfs; under /proc and /sys the host's
        // kernel says which it is, elsewhere the rootfs.
        foreach (string path in spec.Linux?.MaskedPaths ?? [])
        {
            string probe = path.StartsWith("/proc/", StringComparison.Ordinal) || path.StartsWith("/sys/", StringComparison.Ordinal) ? path : Path.Combine(rootfs, path.TrimStart('/'));
            if (Directory.Exists(probe))
                set("lxc.mount.entry", $"tmpfs {Escape(path.TrimStart('/'))} tmpfs ro,optional 0 0");
            else if (File.Exists(probe))
                set("lxc.mount.entry", $"/dev/null {Escape(path.TrimStart('/'))} none bind,optional 0 0");
        }
        // Read-only paths are not translated: a bind entry's source is the host's; LXC's proc:mixed leaves /proc/sys
        // and /proc/sysrq-trigger read-only itself.
    }

    private static void Process(Process? process, Action<string, string> set)
    {
        if (process is null)
            return;
        if (process.Cwd is { Length: > 0 } cwd)
            set("lxc.init.cwd", cwd);
        if (process.User is { } user)
        {
            set("lxc.init.uid", (user.Uid ?? 0).ToString(CultureInfo.InvariantCulture));
            set("lxc.init.gid", (user.Gid ?? 0).ToString(CultureInfo.InvariantCulture));
        }
        foreach (string variable in process.Env ?? [])
            set("lxc.environment", variable);
        if (process.NoNewPrivileges == true)
            set("lxc.no_new_privs", "1");
        var bounding = process.Capabilities?.Bounding ?? [];
        set("lxc.cap.keep", bounding.Count == 0 ? "none" : string.Join(' ', bounding.Select(c => c.ToLowerInvariant().Replace("cap_", "", StringComparison.Ordinal))));
        foreach (var limit in process.Rlimits ?? [])
        {
            string name = (limit.Type ?? "").Replace("RLIMIT_", "", StringComparison.Ordinal).ToLowerInvariant();
            set($"lxc.prlimit.{name}", $"{Limit(limit.Soft)}:{Limit(limit.Hard)}");
        }
    }

    private static readonly string[] DefaultDevices =
        ["c 1:3 rwm", "c 1:5 rwm", "c 1:7 rwm", "c 1:8 rwm", "c 1:9 rwm", "c 5:0 rwm", "c 5:1 rwm", "c 5:2 rwm", "c 136:* rwm"];

    private static string Number(long? value) => value is long n and >= 0 ? n.ToString(CultureInfo.InvariantCulture) : "*";

    private static string Limit(ulong? value) => value is null or ulong.MaxValue ? "unlimited" : value.Value.ToString(CultureInfo.InvariantCulture);

    private static void Resources(LinuxResources? resources, bool cgroupV2, Action<string, string> set)
    {
        if (resources is null)
            return;
        string prefix = cgroupV2 ? "lxc.cgroup2." : "lxc.cgroup.";
        if (resources.Devices is { Count: > 0 } devices)
        {
            foreach (var rule in devices)
                set(prefix + (rule.Allow == true ? "devices.allow" : "devices.deny"), $"{rule.Type ?? "a"} {Number(rule.Major)}:{Number(rule.Minor)} {rule.Access ?? "rwm"}");
            // The devices every container gets, as runc allows them after the config's rules.
            foreach (string device in DefaultDevices)
                set(prefix + "devices.allow", device);
        }
        if (resources.Memory?.Limit is long memory and > 0)
            set(prefix + (cgroupV2 ? "memory.max" : "memory.limit_in_bytes"), memory.ToString(CultureInfo.InvariantCulture));
        if (resources.Memory?.Swap is long swap and > 0)
            set(prefix + (cgroupV2 ? "memory.swap.max" : "memory.memsw.limit_in_bytes"), (cgroupV2 ? swap - (resources.Memory.Limit ?? 0) : swap).ToString(CultureInfo.InvariantCulture));
        if (resources.Pids?.Limit is long pids and > 0)
            set(prefix + "pids.max", pids.ToString(CultureInfo.InvariantCulture));
        if (resources.Cpu?.Shares is ulong shares and > 0 && !cgroupV2)
            set(prefix + "cpu.shares", shares.ToString(CultureInfo.InvariantCulture));
        if (resources.Cpu?.Cpus is { Length: > 0 } cpus)
            set(prefix + (cgroupV2 ? "cpuset.cpus" : "cpuset.cpus"), cpus);
    }

    /// <summary>A path in a mount entry, whose fields are separated by spaces as in fstab.</summary>
    private static string Escape(string path)
    {
        var escaped = new StringBuilder(path.Length);
        foreach (char c in path)
            escaped.Append(c is ' ' or '\t' or '\\' ? $"\\{Convert.ToString(c, 8).PadLeft(3, '0')}" : c.ToString());
        return escaped.ToString();
    }
}
