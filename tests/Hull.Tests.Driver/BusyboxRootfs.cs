using Hull.Driver;

namespace Hull.Tests.Driver;

/// <summary>
/// One busybox root filesystem (Debian's busybox-static) shared by the tests of a class, and a
/// <see cref="ContainerHost"/> per backend (Hull's starts containers from the `hull` in $HULL_BINARY).
/// </summary>
public sealed class BusyboxRootfs : IDisposable
{
    public BusyboxRootfs()
    {
        Dir = Directory.CreateTempSubdirectory("hull-driver-test-").FullName;
        File.SetUnixFileMode(Dir, (UnixFileMode)0b111_101_101);
        string bin = Path.Combine(Dir, "bin");
        foreach (string sub in new[] { "bin", "dev", "proc", "sys", "tmp", "etc", "root" })
            Directory.CreateDirectory(Path.Combine(Dir, sub));
        File.Copy("/bin/busybox", Path.Combine(bin, "busybox"));
        foreach (string applet in new[] { "sh", "cat", "echo", "sleep", "true", "dd", "tty", "stty", "head", "seq", "yes", "kill", "ps" })
        {
            if (!File.Exists(Path.Combine(bin, applet)))
                File.CreateSymbolicLink(Path.Combine(bin, applet), "busybox");
        }
        _hosts["hull"] = new ContainerHost(Backends.Options("hull"));
    }

    private readonly Dictionary<string, ContainerHost> _hosts = new(StringComparer.Ordinal);

    public string Dir { get; }

    /// <summary>The host that runs containers with Hull.</summary>
    public ContainerHost Host => _hosts["hull"];

    /// <summary>The host that runs containers with <paramref name="backend"/> (see <see cref="Backends"/>).</summary>
    public ContainerHost HostFor(string backend)
    {
        lock (_hosts)
        {
            if (!_hosts.TryGetValue(backend, out var host))
                _hosts[backend] = host = new ContainerHost(Backends.Options(backend));
            return host;
        }
    }

    /// <summary>
    /// A config for this rootfs running <paramref name="args"/>, of the runtime-spec version every backend takes
    /// (Debian's crun 1.8 refuses 1.2.0).
    /// </summary>
    public SpecBuilder Spec(params string[] args) => SpecBuilder.ForRootfs(Dir).Args(args).Configure(s => s.OciVersion = "1.0.2-dev");

    public static string NewId() => $"d{Guid.NewGuid():N}"[..13];

    public void Dispose() => Directory.Delete(Dir, recursive: true);
}
