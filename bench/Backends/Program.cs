// Run and Exec through each library backend, for bench/backends.py: the same busybox rootfs and config under Hull,
// runc, crun, runsc and LXC; prints one JSON object per backend (medians in ms, or the reason it could not run).
// Usage (as root, where every runtime can run): HULL_BINARY=hull dotnet run -c Release -- ROOTFS REPS STATE-DIR
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Hull.Driver;

if (args.Length != 3 || !int.TryParse(args[1], out int reps) || reps < 1)
{
    Console.Error.WriteLine("usage: Backends ROOTFS REPS STATE-DIR");
    return 2;
}
string rootfs = Path.GetFullPath(args[0]);
string state = args[2];
var backends = new (string Name, ContainerBackend Backend)[]
{
    ("hull", ContainerBackend.Hull),
    ("runc", ContainerBackend.OciRuntime("/usr/sbin/runc", Path.Combine(state, "runc"))),
    ("crun", ContainerBackend.OciRuntime("/usr/bin/crun", Path.Combine(state, "crun"))),
    // gVisor sets up no network in the host's network namespace.
    ("runsc", ContainerBackend.OciRuntime("/usr/bin/runsc", Path.Combine(state, "runsc"), "--network=none")),
    ("lxc", ContainerBackend.Lxc(lxcPath: Path.Combine(state, "lxc"))),
};
// Debian's crun 1.8 refuses ociVersion 1.2.0; every backend gets the same config.
Hull.Spec.RuntimeSpec SpecFor(params string[] command) => SpecBuilder.ForRootfs(rootfs).Args(command).Configure(s => s.OciVersion = "1.0.2-dev").Build();

foreach (var (name, backend) in backends)
{
    var line = new StringBuilder($"{{\"backend\": \"{name}\"");
    try
    {
        var host = new ContainerHost(new HostOptions { Backend = backend, Root = Path.Combine(state, "hull") });
        var run = new List<double>();
        for (int i = -2; i < reps; i++)
        {
            var clock = Stopwatch.StartNew();
            await using (var container = host.Run(new ContainerRequest { Id = $"bb-{name}-{i + 2}", Spec = SpecFor("true"), Stdio = StdioMode.Null }))
                await container.WaitAsync();
            if (i >= 0)
                run.Add(clock.Elapsed.TotalMilliseconds);
        }
        var exec = new List<double>();
        await using (var sleeper = host.Run(new ContainerRequest { Id = $"bb-{name}-exec", Spec = SpecFor("sleep", "600"), Stdio = StdioMode.Null }))
        {
            for (int i = -2; i < reps; i++)
            {
                var clock = Stopwatch.StartNew();
                var session = sleeper.Exec(new Hull.Spec.Process { Args = ["true"], Cwd = "/" }, StdioMode.Null);
                await session.WaitAsync();
                if (i >= 0)
                    exec.Add(clock.Elapsed.TotalMilliseconds);
            }
        }
        line.Append(CultureInfo.InvariantCulture, $", \"run_ms\": {Median(run):F2}, \"exec_ms\": {Median(exec):F2}");
    }
    catch (Exception e)
    {
        line.Append($", \"error\": \"{e.Message.Replace("\\", "\\\\").Replace("\"", "'").ReplaceLineEndings(" ")}\"");
    }
    Console.WriteLine(line.Append('}'));
}
return 0;

static double Median(List<double> values)
{
    values.Sort();
    return values[values.Count / 2];
}
