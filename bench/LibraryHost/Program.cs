// The library host at scale, for bench/scale.py: one .NET process runs COUNT containers at once, each on pipes,
// then has each exit with a status of its own, and prints as JSON what the host cost per container and whether
// every status came back. Usage (as root): HULL_BINARY=hull dotnet run -c Release -- ROOTFS COUNT ID-PREFIX STATE-ROOT
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Hull.Driver;

if (args.Length != 4 || !int.TryParse(args[1], out int count) || count < 1)
{
    Console.Error.WriteLine("usage: LibraryHost ROOTFS COUNT ID-PREFIX STATE-ROOT");
    return 2;
}

var host = new ContainerHost(new HostOptions { Root = args[3] });
var spec = SpecBuilder.ForRootfs(Path.GetFullPath(args[0])).Args("sh", "-c", "read x; exit $x").Build();
string prefix = args[2];

// One container first, so that what the host starts once is not counted per container.
await using (var warm = host.Run(new ContainerRequest { Id = $"{prefix}-warm", Spec = spec }))
{
    await warm.Io.Input!.WriteAsync(Encoding.ASCII.GetBytes("0\n"));
    await warm.WaitAsync();
}
GC.Collect();
var (rssBefore, threadsBefore) = Usage();

var containers = new List<Container>(count);
var clock = Stopwatch.StartNew();
int correct = 0;
double up, down;
long rssRunning;
int threadsRunning;
try
{
    for (int i = 0; i < count; i++)
        containers.Add(host.Run(new ContainerRequest { Id = $"{prefix}-{i}", Spec = spec }));
    up = clock.Elapsed.TotalSeconds;
    (rssRunning, threadsRunning) = Usage();
    clock.Restart();
    for (int i = 0; i < count; i++)
        await containers[i].Io.Input!.WriteAsync(Encoding.ASCII.GetBytes($"{i % 256}\n"));
    var statuses = await Task.WhenAll(containers.Select(c => c.WaitAsync()));
    correct = statuses.Where((s, i) => s == new ExitStatus(i % 256, null, false)).Count();
}
finally
{
    foreach (var container in containers)
        await container.DisposeAsync();
}
down = clock.Elapsed.TotalSeconds;

var result = new (string Key, double Value)[]
{
    ("count", count),
    ("rss_per_container", (double)(rssRunning - rssBefore) / count),
    ("threads_idle", threadsBefore),
    ("threads_running", threadsRunning),
    ("statuses_correct", correct),
    ("up_s", up),
    ("exit_and_delete_s", down),
};
Console.WriteLine("{" + string.Join(", ", result.Select(r => string.Create(CultureInfo.InvariantCulture, $"\"{r.Key}\": {r.Value}"))) + "}");
return correct == count ? 0 : 1;

// VmRSS in bytes and the thread count of this process.
static (long Rss, int Threads) Usage()
{
    long rss = 0;
    foreach (string line in File.ReadLines("/proc/self/status"))
    {
        if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            rss = long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }
    return (rss, Directory.GetDirectories("/proc/self/task").Length);
}
