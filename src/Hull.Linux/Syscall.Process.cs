using System.Runtime.InteropServices;

namespace Hull.Linux;

/// <summary>Process, credential and signal calls.</summary>
public static partial class Syscall
{
    public const int SIGKILL = 9;
    public const int SIGTERM = 15;
    public const int SIGCHLD = 17;
    public const int SIGCONT = 18;
    public const int SIGSTOP = 19;
    public const int WNOHANG = 1;

    private const int PR_SET_CHILD_SUBREAPER = 36;

    /// <summary>
    /// Starts <paramref name="path"/> with posix_spawn(3) (vfork-like, so safe from a multi-threaded
    /// .NET process), mapping descriptors as given and resetting every signal to its default; with
    /// <paramref name="newSession"/> the child leads a session of its own, detached from the caller's terminal;
    /// with <paramref name="closeFrom"/> it gets no descriptor from that number up, inherited or not.
    /// </summary>
    public static unsafe int Spawn(string path, IReadOnlyList<string> argv, IReadOnlyList<string> envp, IReadOnlyList<(int From, int To)> fdMap, bool newSession = false, int? closeFrom = null)
    {
        byte* actions = stackalloc byte[256];
        byte* attr = stackalloc byte[512];
        byte* signals = stackalloc byte[128];
        Check(Native.posix_spawn_file_actions_init(actions), "posix_spawn_file_actions_init");
        Check(Native.posix_spawnattr_init(attr), "posix_spawnattr_init");
        try
        {
            foreach (var (from, to) in fdMap)
            {
                Check(Native.posix_spawn_file_actions_adddup2(actions, from, to), "posix_spawn dup2");
            }
            if (closeFrom is int first)
                Check(Native.posix_spawn_file_actions_addclosefrom_np(actions, first), "posix_spawn closefrom");
            Native.sigfillset(signals);
            Check(Native.posix_spawnattr_setsigdefault(attr, signals), "posix_spawnattr_setsigdefault");
            Native.sigemptyset(signals);
            Check(Native.posix_spawnattr_setsigmask(attr, signals), "posix_spawnattr_setsigmask");
            short flags = (short)(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK | (newSession ? POSIX_SPAWN_SETSID : 0));
            Check(Native.posix_spawnattr_setflags(attr, flags), "posix_spawnattr_setflags");
            using var args = new NativeStringArray(argv);
            using var env = new NativeStringArray(envp);
            int pid;
            byte[] file = NulTerminated(path);
            fixed (byte* f = file)
            {
                int err = Native.posix_spawn(&pid, f, actions, attr, args.Pointer, env.Pointer);
                if (err != 0)
                    throw new SyscallException($"spawn {path}", err);
            }
            return pid;
        }
        finally
        {
            Native.posix_spawn_file_actions_destroy(actions);
            Native.posix_spawnattr_destroy(attr);
        }
    }

    /// <summary>Waits for a child; returns its raw wait status, or null with WNOHANG when it has not changed state.</summary>
    public static int? WaitPid(int pid, int options = 0)
    {
        while (true)
        {
            int status;
            int r;
            unsafe
            {
                r = Native.waitpid(pid, &status, options);
            }
            if (r > 0)
                return status;
            if (r == 0)
                return null;
            int errno = Errno.Last();
            if (errno != Errno.EINTR)
                throw new SyscallException($"wait for process {pid}", errno);
        }
    }

    /// <summary>Reaps the process if it is a child (or orphan) of this one and has exited; false otherwise.</summary>
    public static unsafe bool TryReap(int pid)
    {
        int status;
        return Native.waitpid(pid, &status, WNOHANG) > 0;
    }

    /// <summary>
    /// Kills a process with SIGKILL and waits until it is gone: reaps it where it is this process's child, else
    /// waits (at most 10 s) through a pidfd for whoever adopted it to see it die.
    /// </summary>
    public static void KillAndWait(int pid)
    {
        using var pidfd = PidfdOpen(pid);
        Native.kill(pid, SIGKILL);
        unsafe
        {
            int status;
            int r;
            do
            {
                r = Native.waitpid(pid, &status, 0);
            }
            while (r < 0 && Errno.Last() == Errno.EINTR);
            if (r > 0 || pidfd is null)
                return;
        }
        Poll([pidfd], POLLIN, 10_000);
    }

    /// <summary>Sends any signal number, as given; the errno when the kernel refuses it, null when sent.</summary>
    public static int? Signal(int pid, int signal) => Native.kill(pid, signal) == 0 ? null : Errno.Last();

    /// <summary>Sends a signal; false when the process does not exist.</summary>
    public static bool Kill(int pid, int signal)
    {
        if (Native.kill(pid, signal) == 0)
            return true;
        int errno = Errno.Last();
        if (errno == Errno.ESRCH)
            return false;
        throw new SyscallException($"kill process {pid} with signal {signal}", errno);
    }

    public static void SetChildSubreaper() => Prctl(PR_SET_CHILD_SUBREAPER, 1, "become child subreaper");

    internal static void Prctl(int option, ulong arg, string description, ulong arg3 = 0)
    {
        if (Native.prctl(option, arg, arg3, 0, 0) < 0)
            throw new SyscallException(description, Errno.Last());
    }

    /// <summary>Joins a new session keyring with this name (keyctl KEYCTL_JOIN_SESSION_KEYRING); false when the kernel has no keyrings.</summary>
    public static bool JoinSessionKeyring(string name)
    {
        const long KEYCTL_JOIN_SESSION_KEYRING = 1;
        const long SYS_keyctl = 250;
        nint namePtr = Marshal.StringToCoTaskMemUTF8(name);
        try
        {
            if (Interop.syscall(SYS_keyctl, KEYCTL_JOIN_SESSION_KEYRING, namePtr, 0, 0, 0) >= 0)
                return true;
            int errno = Errno.Last();
            if (errno == Errno.ENOSYS)
                return false;
            throw new SyscallException("join session keyring", errno);
        }
        finally
        {
            Marshal.FreeCoTaskMem(namePtr);
        }
    }

    /// <summary>unshare(2) for the calling thread, which then execs.</summary>
    public static void Unshare(ulong flags, string description)
    {
        if (Native.unshare((int)flags) < 0)
            throw new SyscallException(description, Errno.Last());
    }

    public static uint EffectiveUid() => Native.geteuid();

    public static int ParentPid() => Native.getppid();

    /// <summary>The C library's description of a signal, lower-cased as Go words it ("killed", "terminated").</summary>
    public static string SignalDescription(int signal)
    {
        string text = Marshal.PtrToStringUTF8(Native.strsignal(signal)) ?? $"signal {signal}";
        return text.Length > 0 ? char.ToLowerInvariant(text[0]) + text[1..] : text;
    }

    /// <summary>The signal this process gets when its parent dies (0 for none).</summary>
    public static unsafe int ParentDeathSignal()
    {
        const int PR_GET_PDEATHSIG = 2;
        int signal = 0;
        return Native.prctl(PR_GET_PDEATHSIG, (ulong)&signal, 0, 0, 0) == 0 ? signal : 0;
    }

    public static uint EffectiveGid() => Native.getegid();

    public static void Chdir(string path)
    {
        if (Native.chdir(path) < 0)
            throw new SyscallException($"chdir {path}", Errno.Last());
    }

    public static void Chroot(string path)
    {
        if (Native.chroot(path) < 0)
            throw new SyscallException($"chroot {path}", Errno.Last());
    }

    public static void SetHostname(string name)
    {
        byte[] bytes = System.Text.Encoding.UTF8.GetBytes(name);
        if (Native.sethostname(bytes, (nuint)bytes.Length) < 0)
            throw new SyscallException($"sethostname {name}", Errno.Last());
    }

    public static void SetDomainname(string name)
    {
        byte[] bytes = System.Text.Encoding.UTF8.GetBytes(name);
        if (Native.setdomainname(bytes, (nuint)bytes.Length) < 0)
            throw new SyscallException($"setdomainname {name}", Errno.Last());
    }

    public static void Setsid()
    {
        if (Native.setsid() < 0)
            throw new SyscallException("setsid", Errno.Last());
    }

    /// <summary>
    /// Ends this process the way a Go or C program ends on a write to a closed pipe: by SIGPIPE, whose disposition
    /// .NET sets to ignore and which is put back to the default here.
    /// </summary>
    public static unsafe void DieOfBrokenPipe()
    {
        const int SIGPIPE = 13;
        Native.signal(SIGPIPE, SIG_DFL);
        byte* set = stackalloc byte[128];
        Native.sigemptyset(set);
        Native.pthread_sigmask(SIG_SETMASK, set, null);
        Native.kill(Native.getpid(), SIGPIPE);
        Environment.Exit(141);
    }

    private const nint SIG_DFL = 0;
    private const int SIG_SETMASK = 2;
    private const short POSIX_SPAWN_SETSIGDEF = 0x04;
    private const short POSIX_SPAWN_SETSIGMASK = 0x08;
    private const short POSIX_SPAWN_SETSID = 0x80;

    private static void Check(int err, string what)
    {
        if (err != 0)
            throw new SyscallException(what, err);
    }

    private static unsafe partial class Native
    {
        [LibraryImport(Interop.Libc)]
        internal static partial int posix_spawn(int* pid, byte* path, byte* actions, byte* attr, byte** argv, byte** envp);

        [LibraryImport(Interop.Libc)]
        internal static partial int posix_spawn_file_actions_init(byte* actions);

        [LibraryImport(Interop.Libc)]
        internal static partial int posix_spawn_file_actions_destroy(byte* actions);

        [LibraryImport(Interop.Libc)]
        internal static partial int posix_spawn_file_actions_adddup2(byte* actions, int fd, int newfd);

        [LibraryImport(Interop.Libc)]
        internal static unsafe partial int posix_spawn_file_actions_addclosefrom_np(byte* actions, int from);

        [LibraryImport(Interop.Libc)]
        internal static partial int posix_spawnattr_init(byte* attr);

        [LibraryImport(Interop.Libc)]
        internal static partial int posix_spawnattr_destroy(byte* attr);

        [LibraryImport(Interop.Libc)]
        internal static partial int posix_spawnattr_setflags(byte* attr, short flags);

        [LibraryImport(Interop.Libc)]
        internal static partial int posix_spawnattr_setsigdefault(byte* attr, byte* set);

        [LibraryImport(Interop.Libc)]
        internal static partial int posix_spawnattr_setsigmask(byte* attr, byte* set);

        [LibraryImport(Interop.Libc)]
        internal static partial int sigfillset(byte* set);

        [LibraryImport(Interop.Libc)]
        internal static partial int sigemptyset(byte* set);

        [LibraryImport(Interop.Libc)]
        internal static partial nint signal(int signal, nint handler);

        [LibraryImport(Interop.Libc)]
        internal static partial int pthread_sigmask(int how, byte* set, byte* old);

        [LibraryImport(Interop.Libc, SetLastError = true)]
        internal static partial int waitpid(int pid, int* status, int options);

        [LibraryImport(Interop.Libc, SetLastError = true)]
        internal static partial int kill(int pid, int signal);

        [LibraryImport(Interop.Libc)]
        internal static partial int getpid();

        [LibraryImport(Interop.Libc)]
        internal static partial int getppid();

        [LibraryImport(Interop.Libc)]
        internal static partial nint strsignal(int signal);

        [LibraryImport(Interop.Libc, SetLastError = true)]
        internal static partial int prctl(int option, ulong arg2, ulong arg3, ulong arg4, ulong arg5);

        [LibraryImport(Interop.Libc, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
        internal static partial int chdir(string path);

        [LibraryImport(Interop.Libc, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
        internal static partial int chroot(string path);

        [LibraryImport(Interop.Libc, SetLastError = true)]
        internal static partial int sethostname(byte[] name, nuint len);

        [LibraryImport(Interop.Libc, SetLastError = true)]
        internal static partial int setdomainname(byte[] name, nuint len);

        [LibraryImport(Interop.Libc, SetLastError = true)]
        internal static partial int setsid();

        [LibraryImport(Interop.Libc)]
        internal static partial uint geteuid();

        [LibraryImport(Interop.Libc, SetLastError = true)]
        internal static partial int unshare(int flags);

        [LibraryImport(Interop.Libc)]
        internal static partial uint getegid();
    }
}
