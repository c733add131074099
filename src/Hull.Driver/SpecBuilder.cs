using Hull.Spec;
using LinuxConfig = Hull.Spec.Linux;

namespace Hull.Driver;

/// <summary>
/// Builds a container config fluently, starting from the config `hull spec` writes (busybox-friendly
/// defaults: the usual namespaces, mounts, masked paths and a small capability set).
/// </summary>
/// <example>
/// <code>
/// var spec = SpecBuilder.ForRootfs("/srv/rootfs").Args("sh", "-c", "echo hi").MemoryLimit(64 &lt;&lt; 20).Build();
/// </code>
/// </example>
public sealed class SpecBuilder
{
    private readonly RuntimeSpec _spec;

    private SpecBuilder(RuntimeSpec spec) => _spec = spec;

    /// <summary>
    /// The default config with <paramref name="rootfs"/> (absolute, or relative to the bundle) as a writable
    /// root, and without a terminal (a <see cref="ContainerHost"/> sets it from <see cref="StdioMode"/>).
    /// </summary>
    public static SpecBuilder ForRootfs(string rootfs, bool rootless = false)
    {
        var spec = DefaultSpec.Create(rootless);
        spec.Root = new Root { Path = rootfs, Readonly = false };
        spec.Process!.Terminal = false;
        return new SpecBuilder(spec);
    }

    /// <summary>Continues from an existing config (which is copied, not changed).</summary>
    public static SpecBuilder From(RuntimeSpec spec) => new(SpecLoader.Copy(spec));

    /// <summary>The process to run: the executable (looked up in the container's PATH) and its arguments.</summary>
    public SpecBuilder Args(params string[] args)
    {
        Process.Args = [.. args];
        return this;
    }

    /// <summary>Sets (or replaces) one environment variable.</summary>
    public SpecBuilder Env(string name, string value)
    {
        var env = Process.Env ??= [];
        env.RemoveAll(e => e.StartsWith(name + "=", StringComparison.Ordinal));
        env.Add($"{name}={value}");
        return this;
    }

    /// <summary>Gives the process a terminal; what a monitor goes by (a host goes by its <see cref="StdioMode"/>).</summary>
    public SpecBuilder Terminal(bool value = true)
    {
        Process.Terminal = value;
        return this;
    }

    /// <summary>The process's working directory inside the container.</summary>
    public SpecBuilder Cwd(string cwd)
    {
        Process.Cwd = cwd;
        return this;
    }

    /// <summary>The user and group the process runs as.</summary>
    public SpecBuilder User(uint uid, uint gid)
    {
        Process.User = new User { Uid = uid, Gid = gid };
        return this;
    }

    /// <summary>The container's hostname (with its own UTS namespace, as by default).</summary>
    public SpecBuilder Hostname(string hostname)
    {
        _spec.Hostname = hostname;
        return this;
    }

    /// <summary>Mounts the root filesystem read-only.</summary>
    public SpecBuilder ReadonlyRootfs(bool value = true)
    {
        _spec.Root!.Readonly = value;
        return this;
    }

    /// <summary>Bind-mounts a host path into the container.</summary>
    public SpecBuilder Bind(string source, string destination, bool readOnly = false)
    {
        (_spec.Mounts ??= []).Add(new Mount
        {
            Destination = destination,
            Type = "bind",
            Source = source,
            Options = readOnly ? ["rbind", "ro"] : ["rbind"],
        });
        return this;
    }

    /// <summary>Adds a new namespace of <paramref name="type"/> (see <see cref="NamespaceTypes"/>), or joins the one at <paramref name="path"/>.</summary>
    public SpecBuilder Namespace(string type, string? path = null)
    {
        var namespaces = Linux.Namespaces ??= [];
        namespaces.RemoveAll(n => n.Type == type);
        namespaces.Add(new LinuxNamespace { Type = type, Path = path });
        return this;
    }

    /// <summary>Shares this namespace type with the host.</summary>
    public SpecBuilder WithoutNamespace(string type)
    {
        Linux.Namespaces?.RemoveAll(n => n.Type == type);
        return this;
    }

    /// <summary>Limits the container's memory, in bytes.</summary>
    public SpecBuilder MemoryLimit(long bytes)
    {
        (Resources.Memory ??= new LinuxMemory()).Limit = bytes;
        return this;
    }

    /// <summary>CPU bandwidth: <paramref name="quota"/> microseconds per <paramref name="period"/> microseconds.</summary>
    public SpecBuilder CpuQuota(long quota, ulong period = 100_000)
    {
        var cpu = Resources.Cpu ??= new LinuxCpu();
        cpu.Quota = quota;
        cpu.Period = period;
        return this;
    }

    /// <summary>Limits how many processes the container may have.</summary>
    public SpecBuilder PidsLimit(long limit)
    {
        Resources.Pids = new LinuxPids { Limit = limit };
        return this;
    }

    /// <summary>Where the container's cgroup goes (runc's cgroupsPath; "slice:prefix:name" with the systemd driver).</summary>
    public SpecBuilder CgroupsPath(string path)
    {
        Linux.CgroupsPath = path;
        return this;
    }

    /// <summary>Sets an annotation (shown in the OCI state).</summary>
    public SpecBuilder Annotation(string key, string value)
    {
        (_spec.Annotations ??= [])[key] = value;
        return this;
    }

    /// <summary>For anything without a method of its own.</summary>
    public SpecBuilder Configure(Action<RuntimeSpec> change)
    {
        change(_spec);
        return this;
    }

    /// <summary>A copy of the config as built so far; the builder can go on.</summary>
    public RuntimeSpec Build() => SpecLoader.Copy(_spec);

    private Process Process => _spec.Process ??= new Process();

    private LinuxConfig Linux => _spec.Linux ??= new LinuxConfig();

    private LinuxResources Resources => Linux.Resources ??= new LinuxResources();
}
