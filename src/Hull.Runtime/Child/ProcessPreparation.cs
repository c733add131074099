using Hull.Linux;
using Hull.Runtime.Protocol;
using Hull.Spec;
using Microsoft.Win32.SafeHandles;

namespace Hull.Runtime.Child;

/// <summary>
/// What init and exec children do alike before the last mile: every setting that does not bind this process (umask,
/// stdio ownership, scheduling, personality, terminal, security labels) is applied now; the rest (filter,
/// capabilities, user, working directory, program) is decided now and handed to the last mile in its message.
/// </summary>
internal static class ProcessPreparation
{
    public static LastMileMessage Prepare(Process process, ChildConfig config, ChildEnd end, int parent)
    {
        var linux = config.Spec.Linux;
        var env = Environment(process);
        uint uid = process.User?.Uid ?? 0, gid = process.User?.Gid ?? 0;
        CheckMapped(uid, gid, config.InUserNamespace);
        Syscall.Umask(process.User?.Umask ?? 0b000_010_010);
        // As runc: HOME from the container's /etc/passwd, "/" without an entry, unless the environment has one.
        if (!env.Any(e => e.StartsWith("HOME=", StringComparison.Ordinal)))
            env.Add("HOME=" + (HomeOf(Syscall.ReadSmallFile("/etc/passwd") ?? "", uid) ?? "/"));
        GiveStdioTo(uid);
        ApplyScheduling(process, linux);
        // As runc: every container process leads a session of its own, terminal or not. A signal from the caller's
        // terminal reaches the runtime (which relays it) and not the container too, and CRIU finds the init's session
        // inside its pid namespace.
        Syscall.Setsid();
        if (process.Terminal == true)
            ConsoleSetup.Attach(process, config.ConsoleSocketFd);
        ApplyLabels(process, config.Role);

        var message = new LastMileMessage(end.Descriptor);
        if (config.WaitsForRun)
            message.WaitForRun();
        if (process.NoNewPrivileges == true)
            message.NoNewPrivileges();
        if (linux?.Seccomp is { IsEmpty: false } seccomp)
            AddSeccomp(message, seccomp, process, config);
        var caps = process.Capabilities;
        ulong permitted = Capabilities.Mask(caps?.Permitted), inheritable = Capabilities.Mask(caps?.Inheritable);
        // The kernel keeps an ambient capability only when it is permitted and inheritable; runc skips the others too.
        message.Capabilities(Capabilities.Mask(caps?.Bounding), Capabilities.Mask(caps?.Effective), permitted, inheritable,
            Capabilities.Mask(caps?.Ambient) & permitted & inheritable, Capabilities.LastCap);
        message.User(uid, gid, SetsGroups(), [.. (process.User?.AdditionalGids ?? []).Distinct()]);
        message.Cwd(string.IsNullOrEmpty(process.Cwd) ? "/" : process.Cwd);
        message.PreserveFds(config.PreserveFds);
        message.Parent(Syscall.ParentDeathSignal(), parent);
        message.Args(process.Args ?? []);
        message.Env(env);
        return message;
    }

    /// <summary>The process's environment, each entry checked as runc checks it.</summary>
    private static List<string> Environment(Process process)
    {
        var env = new List<string>();
        foreach (string pair in process.Env ?? [])
        {
            int eq = pair.IndexOf('=');
            if (eq < 0)
                throw new HullException($"invalid environment variable: {GoQuote(pair)}", ErrorKind.InvalidArgument);
            if (eq == 0)
                throw new HullException($"environment variable name can't be empty: {GoQuote(pair)}", ErrorKind.InvalidArgument);
            if (pair.Contains('\0'))
                throw new HullException($"environment variable can't contain null(\\x00): {GoQuote(pair)}", ErrorKind.InvalidArgument);
            env.Add(pair);
        }
        return env;
    }

    private static string GoQuote(string text) => "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    /// <summary>The home directory /etc/passwd gives the uid (the first entry for it), as runc takes HOME from it.</summary>
    private static string? HomeOf(string passwd, uint uid)
    {
        string id = uid.ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (string line in passwd.Split('\n'))
        {
            string[] fields = line.Split(':');
            if (fields.Length >= 6 && fields[2] == id)
                return fields[5].Length > 0 ? fields[5] : "/";
        }
        return null;
    }

    /// <summary>In a user namespace, the process's ids must be mapped, or setuid would fail later for a worse reason.</summary>
    private static void CheckMapped(uint uid, uint gid, bool inUserNamespace)
    {
        if (!inUserNamespace)
            return;
        if (!Mapped("/proc/self/uid_map", uid))
            throw new ProcessStartException("unable to setup user: cannot set uid to unmapped user in user namespace");
        if (!Mapped("/proc/self/gid_map", gid))
            throw new ProcessStartException("unable to setup user: cannot set gid to unmapped user in user namespace");
    }

    private static bool Mapped(string map, uint id) =>
        (Syscall.ReadSmallFile(map) ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Any(f => f.Length == 3 && uint.Parse(f[0]) <= id && id - uint.Parse(f[0]) < uint.Parse(f[2]));

    /// <summary>Supplementary groups may be set unless the user namespace forbids setgroups(2) (a rootless one).</summary>
    private static bool SetsGroups() => Syscall.ReadSmallFile("/proc/self/setgroups")?.Trim() != "deny";

    /// <summary>
    /// The container's user must be able to reopen its own stdio (/dev/stdout, /proc/self/fd/1): pipes and files from
    /// the host are given to it, as runc does, but for /dev/null and what it already owns; the group stays.
    /// </summary>
    private static void GiveStdioTo(uint uid)
    {
        var null_ = Syscall.TryStat("/dev/null");
        for (int fd = 0; fd < 3; fd++)
        {
            using var handle = new SafeFileHandle(fd, ownsHandle: false);
            if (Syscall.TryFstat(handle) is not { } stat || stat.Uid == uid || (null_ is { } devnull && stat.IsDevice && stat.Rdev == devnull.Rdev))
                continue;
            try
            {
                Syscall.Fchown(handle, uid, stat.Gid);
            }
            catch (SyscallException e) when (e.Errno is Errno.EPERM or Errno.EINVAL or Errno.EROFS)
            {
            }
        }
    }

    /// <summary>I/O priority, scheduler and personality: they bind the process, not the runtime, and need its privileges.</summary>
    private static void ApplyScheduling(Process process, Hull.Spec.Linux? linux)
    {
        if (process.IOPriority is { } io)
            Syscall.SetIoPriority(Scheduling.IoClass(io.Class), io.Priority ?? 0);
        if (process.Scheduler is { } scheduler)
            Scheduling.Apply(scheduler);
        if (linux?.Personality is { } personality)
            Syscall.SetPersonality(Scheduling.PersonalityDomain(personality.Domain));
    }

    /// <summary>The AppArmor profile and SELinux label for the program about to be exec'd, where the host runs them.</summary>
    private static void ApplyLabels(Process process, ChildRole role)
    {
        if (!string.IsNullOrEmpty(process.ApparmorProfile))
        {
            try
            {
                SecurityModules.SetAppArmorExecProfile(process.ApparmorProfile);
            }
            catch (SyscallException e) when (role == ChildRole.Init)
            {
                throw new HullException($"unable to apply apparmor profile: {e.Message}", ErrorKind.Failed, e);
            }
        }
        if (!string.IsNullOrEmpty(process.SelinuxLabel) && SecurityModules.SelinuxEnabled)
            SecurityModules.SetSelinuxExecLabel(process.SelinuxLabel);
    }

    /// <summary>
    /// The compiled filter, loaded by the last mile: before the capabilities go without no_new_privs (loading needs
    /// CAP_SYS_ADMIN then), as late as it can be with it. With SCMP_ACT_NOTIFY, its descriptor goes to the agent.
    /// </summary>
    private static void AddSeccomp(LastMileMessage message, LinuxSeccomp seccomp, Process process, ChildConfig config)
    {
        SeccompProgram program;
        try
        {
            program = SeccompProgram.Compile(seccomp);
        }
        catch (Exception e) when (e is HullException or SyscallException)
        {
            throw new ProcessStartException($"unable to init seccomp: {e.Message}");
        }
        message.Seccomp(program.Bpf, program.Flags, late: process.NoNewPrivileges == true);
        if (!program.Notifies)
            return;
        if (config.SeccompListenerFd < 0)
            throw new ProcessStartException("listenerPath is not set");
        var state = new ContainerProcessState
        {
            OciVersion = RuntimeInfo.SpecVersion,
            Fds = ["seccompFd"],
            Pid = config.HostPid,
            Metadata = seccomp.ListenerMetadata,
            State = config.HookState,
        };
        message.SeccompAgent(config.SeccompListenerFd, state.ToJson());
    }
}
