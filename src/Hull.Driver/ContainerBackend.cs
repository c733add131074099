using Hull.Driver.Backends;
using Hull.Runtime;

namespace Hull.Driver;

/// <summary>
/// Which runtime a <see cref="ContainerHost"/> runs its containers with; the <see cref="Container"/> API is the same
/// for each, and <see cref="ContainerHost.Features"/> says what a backend cannot do.
/// </summary>
public abstract class ContainerBackend
{
    private protected ContainerBackend()
    {
    }

    /// <summary>Hull itself, in this process (the default).</summary>
    public static ContainerBackend Hull { get; } = new HullChoice();

    /// <summary>
    /// A runtime binary that speaks runc's command line, such as runc or crun, keeping its state under
    /// <paramref name="root"/> (by default /run/hull-NAME, NAME the executable's file name), with
    /// <paramref name="globalArguments"/> before every command.
    /// </summary>
    public static ContainerBackend OciRuntime(string executable, string? root = null, params string[] globalArguments) =>
        new OciChoice(executable, root ?? $"/run/hull-{Path.GetFileName(executable)}", globalArguments);

    /// <summary>
    /// LXC's tools (lxc-execute, lxc-attach, lxc-info, lxc-freeze, lxc-stop) in <paramref name="tools"/>, with its
    /// containers under <paramref name="lxcPath"/>: the config translated into LXC's (see the README for what it cannot say).
    /// </summary>
    public static ContainerBackend Lxc(string tools = "/usr/bin", string lxcPath = "/run/hull-lxc") => new LxcChoice(tools, lxcPath);

    /// <summary>The runtime's name: "hull", or the executable's file name.</summary>
    public abstract string Name { get; }

    internal abstract IContainerBackend Open(HostOptions options);

    private sealed class HullChoice : ContainerBackend
    {
        public override string Name => "hull";

        internal override IContainerBackend Open(HostOptions options)
        {
            string executable = HullExecutableLocator.Find(options.HullExecutable);
            return new HullBackend(new ContainerRuntime(new RuntimeOptions
            {
                Root = options.Root,
                SystemdCgroup = options.SystemdCgroup,
                Rootless = options.Rootless,
                Resctrl = options.Resctrl,
                ChildBinary = executable,
            }), executable);
        }
    }

    private sealed class LxcChoice(string tools, string lxcPath) : ContainerBackend
    {
        public override string Name => "lxc";

        internal override IContainerBackend Open(HostOptions options)
        {
            if (!File.Exists(Path.Combine(tools, "lxc-execute")))
                throw new HullException($"LXC's tools are not in {tools}", ErrorKind.NotFound);
            if (options.SystemdCgroup)
                throw new NotSupportedException("LXC places containers in cgroups itself: Hull cannot ask it for systemd's");
            return new LxcBackend(tools, lxcPath);
        }
    }

    private sealed class OciChoice(string executable, string root, string[] globalArguments) : ContainerBackend
    {
        public override string Name => Path.GetFileName(executable);

        internal override IContainerBackend Open(HostOptions options)
        {
            if (!File.Exists(executable))
                throw new HullException($"runtime {executable} not found", ErrorKind.NotFound);
            return new OciRuntimeBackend(executable, root, globalArguments, options.SystemdCgroup);
        }
    }
}
