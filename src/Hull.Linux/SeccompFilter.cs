using System.Runtime.InteropServices;

namespace Hull.Linux;

/// <summary>A seccomp filter built and loaded with libseccomp (libseccomp.so.2), so Hull compiles no BPF itself.</summary>
public sealed partial class SeccompFilter : IDisposable
{
    private const string Library = "libseccomp.so.2";
    private nint _context;

    public SeccompFilter(uint defaultAction)
    {
        if (!IsAvailable)
            throw new SyscallException("seccomp: libseccomp.so.2 is not installed on this host", Errno.ENOSYS);
        _context = seccomp_init(defaultAction);
        if (_context == 0)
            throw new SyscallException("seccomp: create filter", Errno.EINVAL);
        // Hull sets no_new_privs itself, when the config asks for it.
        Check(seccomp_attr_set(_context, AttributeNoNewPrivs, 0), "seccomp: set no_new_privs attribute");
    }

    /// <summary>Whether libseccomp is there: always in the hull executable, which links it in; in a .NET host,
    /// when the host's libseccomp.so.2 loads. A call rather than a load, so that a statically linked process
    /// never dlopens a library built against a C library of its own.</summary>
    public static bool IsAvailable { get; } = Probe();

    /// <summary>libseccomp's version, "2.5.4"; null when it is not there.</summary>
    public static unsafe string? Version
    {
        get
        {
            if (!IsAvailable)
                return null;
            var version = (uint*)seccomp_version();
            return version == null ? null : $"{version[0]}.{version[1]}.{version[2]}";
        }
    }

    private static bool Probe()
    {
        try
        {
            return seccomp_version() != 0;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    private const int AttributeNoNewPrivs = 3;

    /// <summary>Adds an architecture by libseccomp's name ("x86_64", "x86", "aarch64", …); the native one is always present.</summary>
    public void AddArchitecture(string name)
    {
        uint token = seccomp_arch_resolve_name(name);
        if (token == 0)
            throw new SyscallException($"seccomp: unknown architecture {name}", Errno.EINVAL);
        int rc = seccomp_arch_add(_context, token);
        if (rc != 0 && rc != -Errno.EEXIST)
            throw new SyscallException($"seccomp: add architecture {name}", -rc);
    }

    /// <summary>The syscall number for a name on the filter's architectures; null when no architecture knows it.</summary>
    public static int? ResolveSyscall(string name)
    {
        int number = seccomp_syscall_resolve_name(name);
        return number == -1 ? null : number;
    }

    /// <summary>Adds a rule; the conditions are ANDed (libseccomp refuses two on the same argument in one rule).</summary>
    public unsafe void AddRule(uint action, int syscall, IReadOnlyList<Condition> conditions, string name)
    {
        var array = stackalloc ArgumentCompare[conditions.Count];
        for (int i = 0; i < conditions.Count; i++)
            array[i] = new ArgumentCompare { Argument = conditions[i].Argument, Operator = conditions[i].Operator, DatumA = conditions[i].Value, DatumB = conditions[i].ValueTwo };
        Check(seccomp_rule_add_array(_context, action, syscall, (uint)conditions.Count, array), $"seccomp: add rule for {name}");
    }

    /// <summary>The filter compiled to BPF (struct sock_filter[]), for seccomp(2) to load later.</summary>
    public byte[] ExportBpf()
    {
        using var memfd = Syscall.SealedMemfd([], seal: false);
        Check(seccomp_export_bpf(_context, (int)memfd.DangerousGetHandle()), "seccomp: export the filter");
        return Syscall.ReadAll(memfd);
    }

    /// <summary>libseccomp's token for an architecture name ("x86_64", "x32", …); 0 when it knows none.</summary>
    public static uint ArchitectureToken(string name) => seccomp_arch_resolve_name(name);

    /// <summary>The token of the architecture this process runs on.</summary>
    public static uint NativeArchitecture => seccomp_arch_native();

    /// <summary>A syscall's number on one architecture (x32's include its 0x40000000 bit); null when unknown there.</summary>
    public static int? ResolveSyscall(string name, uint architecture)
    {
        int number = seccomp_syscall_resolve_name_arch(architecture, name);
        return number < 0 ? null : number;
    }

    public void Dispose()
    {
        if (_context != 0)
            seccomp_release(_context);
        _context = 0;
    }

    private static void Check(int rc, string what)
    {
        if (rc < 0)
            throw new SyscallException(what, -rc);
    }

    /// <summary>One argument comparison: scmp_arg_cmp.</summary>
    public readonly record struct Condition(uint Argument, int Operator, ulong Value, ulong ValueTwo);

    [StructLayout(LayoutKind.Sequential)]
    private struct ArgumentCompare
    {
        public uint Argument;
        public int Operator;
        public ulong DatumA;
        public ulong DatumB;
    }

    [LibraryImport(Library)]
    private static partial nint seccomp_version();

    [LibraryImport(Library)]
    private static partial nint seccomp_init(uint defaultAction);

    [LibraryImport(Library)]
    private static partial void seccomp_release(nint context);

    [LibraryImport(Library)]
    private static partial int seccomp_attr_set(nint context, int attribute, uint value);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    private static partial uint seccomp_arch_resolve_name(string name);

    [LibraryImport(Library)]
    private static partial int seccomp_arch_add(nint context, uint token);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int seccomp_syscall_resolve_name(string name);

    [LibraryImport(Library)]
    private static unsafe partial int seccomp_rule_add_array(nint context, uint action, int syscall, uint count, ArgumentCompare* args);

    [LibraryImport(Library)]
    private static partial int seccomp_export_bpf(nint context, int fd);

    [LibraryImport(Library)]
    private static partial uint seccomp_arch_native();

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int seccomp_syscall_resolve_name_arch(uint architecture, string name);
}
