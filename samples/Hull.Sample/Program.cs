// A .NET program that runs containers with Hull's library, as an engine would: a config built in code, a
// container with its stdio on pipes, an exec session, stats, and a stop that escalates to SIGKILL.
// Usage (as root): HULL_BINARY=/path/to/hull dotnet run -- /path/to/rootfs
using System.Text;
using Hull.Driver;

if (args.Length != 1)
{
    Console.Error.WriteLine("usage: Hull.Sample ROOTFS   (a root filesystem with /bin/sh, e.g. from scripts/make-bundle.sh)");
    return 2;
}

var host = new ContainerHost();
var spec = SpecBuilder.ForRootfs(Path.GetFullPath(args[0]))
    .Args("sh", "-c", "echo \"hello from $(hostname)\"; while read line; do echo \"you said: $line\"; done")
    .Hostname("sample")
    .MemoryLimit(64 << 20)
    .PidsLimit(32)
    .Build();

await using var container = host.Run(new ContainerRequest { Id = $"sample-{Environment.ProcessId}", Spec = spec });
var output = new StreamReader(container.Io.Output!);
Console.WriteLine($"container {container.Id}: init pid {container.Pid}");
Console.WriteLine(await output.ReadLineAsync());

await container.Io.Input!.WriteAsync(Encoding.UTF8.GetBytes("ping\n"));
Console.WriteLine(await output.ReadLineAsync());

var session = container.Exec(new Hull.Spec.Process { Args = ["ps", "-o", "pid,comm"], Cwd = "/" });
Console.Write(await new StreamReader(session.Io.Output!).ReadToEndAsync());
Console.WriteLine($"exec session: {await session.WaitAsync()}");

var stats = container.Stats();
Console.WriteLine($"memory: {stats.MemoryUsage / 1024} KiB of {stats.MemoryLimit / 1024} KiB, pids: {stats.Pids} of {stats.PidsLimit}");

// As PID 1 of its pid namespace the shell gets no default action for SIGTERM, so the stop ends with SIGKILL after the timeout.
var status = await container.StopAsync(TimeSpan.FromSeconds(1));
Console.WriteLine($"stopped: {status}");
return 0;
